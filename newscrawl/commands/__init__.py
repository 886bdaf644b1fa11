"""Project commands (`COMMANDS_MODULE`): `crawl` with an exit status a scheduler can trust."""
