"""One module per `gwr` subcommand: `add_arguments(parser)` and `run(args) -> exit code`.
Heavy imports stay inside `run` so that building the parser stays fast."""
