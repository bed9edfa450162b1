#!/usr/bin/env bash
# Start a throwaway PostgreSQL for the server tests (installs it from Debian packages if missing).
#
#   eval "$(scripts/postgres.sh)"      # (re)creates the cluster, starts it, exports
#                                      # AGENT_CONSOLE_TEST_POSTGRES for the test suite
#   scripts/postgres.sh stop           # stops it
#
# Settings (environment): AGENT_CONSOLE_PG_PORT (default 55432) and AGENT_CONSOLE_PG_DIR
# (default ${TMPDIR:-/tmp}/agent-console-pg). The cluster trusts every local and loopback
# connection, listens on 127.0.0.1 only and keeps its unix socket in its own directory. Its
# data is wiped on every start, and it runs without fsync: it holds test data only.
# Only the `export ...` line goes to stdout; everything else goes to stderr.
set -euo pipefail

exec 3>&1 1>&2

port="${AGENT_CONSOLE_PG_PORT:-55432}"
dir="${AGENT_CONSOLE_PG_DIR:-${TMPDIR:-/tmp}/agent-console-pg}"
dir="$(realpath -m -- "$dir")"
action="${1:-start}"
cd /  # the postgres user may not be able to read the caller's working directory

die() {
    echo "postgres.sh: $*"
    exit 1
}

case "$action" in
    start | stop) ;;
    *) die "usage: $0 [start|stop]" ;;
esac
[[ "$port" =~ ^[0-9]+$ ]] || die "AGENT_CONSOLE_PG_PORT is not a port number: $port"

find_bindir() {
    # The highest installed major version with both initdb and pg_ctl.
    local candidate
    for candidate in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
        if [[ -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

as_root() {
    if [[ $EUID -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        die "PostgreSQL is not installed and neither root nor sudo is available to install it"
    fi
}

# Runs a server command as the owner of the cluster: the postgres system user when we are root
# (the server refuses to run as root), else ourselves.
as_owner() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

bindir="$(find_bindir || true)"
if [[ "$action" == stop ]]; then
    if [[ -n "$bindir" && -f "$dir/postmaster.pid" ]]; then
        as_owner "$bindir/pg_ctl" -D "$dir" -m fast -w stop || true
    fi
    exit 0
fi

if [[ -z "$bindir" ]]; then
    echo "postgres.sh: installing PostgreSQL from Debian packages"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
    bindir="$(find_bindir)" || die "no initdb/pg_ctl under /usr/lib/postgresql/*/bin after installing"
fi
if [[ $EUID -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root but there is no postgres system user"
fi

# Stop a server left running in this directory by an earlier run, then start afresh.
if [[ -f "$dir/postmaster.pid" ]]; then
    echo "postgres.sh: stopping the server already running in $dir"
    as_owner "$bindir/pg_ctl" -D "$dir" -m immediate -w stop || true
fi
# Wipe only what this script makes: an empty directory or a cluster.
if [[ -d "$dir" && -n "$(ls -A -- "$dir")" && ! -f "$dir/PG_VERSION" ]]; then
    die "$dir exists and is not a cluster this script made; refusing to wipe it"
fi
rm -rf -- "$dir"
mkdir -p -- "$dir"
chmod 700 "$dir"
if [[ $EUID -eq 0 ]]; then
    chown postgres: "$dir"
    as_owner test -w "$dir" || die "the postgres user cannot reach $dir (set AGENT_CONSOLE_PG_DIR)"
fi

echo "postgres.sh: creating a cluster in $dir with $bindir"
as_owner "$bindir/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    --no-instructions >/dev/null
cat >>"$dir/postgresql.conf" <<EOF

# agent-console test cluster (scripts/postgres.sh)
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF

# 3>&-: the server must not hold the caller's stdout open, or `$(scripts/postgres.sh)` never ends.
if ! as_owner "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start >/dev/null 3>&-; then
    tail -n 30 "$dir/server.log" || true
    die "PostgreSQL did not start on 127.0.0.1:$port (log: $dir/server.log)"
fi
echo "postgres.sh: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"

echo "export AGENT_CONSOLE_TEST_POSTGRES=postgresql://postgres@127.0.0.1:$port/postgres" >&3
