"""The keys of store_meta (agent_console.store.meta), apart so plain reads need no ORM."""

CLIENT_ID = "client_id"
CLOCK = "hlc"
NEXT_TICKET = "next_ticket_number"
CURRENT_AGENT = "current_agent"
SERVER_URL = "server_url"
SERVER_TOKEN = "server_token"
PULL_CURSOR = "pull_cursor"  # where the next pull page starts
PULLED = "pulled"  # the server position of the last pull that caught up
