"""Spider middlewares of the project."""
