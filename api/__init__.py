"""Front doors: the `smartcity` CLI (and, later, the HTTP app)."""
