"""The `postgres_url` fixture gives each test a working database of its own."""

import psycopg


def test_postgres_url_is_a_fresh_working_database(postgres_url: str) -> None:
    with psycopg.connect(postgres_url) as conn:
        assert conn.info.dbname == postgres_url.rsplit("/", 1)[1]
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
        assert tables == (0,)
        conn.execute("CREATE TABLE note (id integer PRIMARY KEY, body text NOT NULL)")
        conn.execute("INSERT INTO note VALUES (%s, %s)", (1, "工单 hello"))
        assert conn.execute("SELECT id, body FROM note").fetchall() == [(1, "工单 hello")]
