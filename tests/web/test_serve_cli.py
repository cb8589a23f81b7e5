"""`newsbrief serve`: options, and a bad --db is one clear line, not a traceback."""

from __future__ import annotations

from typer.testing import CliRunner

from newsbrief.cli import app


def test_serve_help_lists_the_options():
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--allow-private-urls"):
        assert option in result.output


def test_bad_database_url_is_one_line():
    result = CliRunner().invoke(app, ["serve", "--db", "mysql://root@localhost/news"])
    assert result.exit_code == 1
    assert "unsupported database 'mysql'" in result.output
    assert "Traceback" not in result.output


def test_unreachable_postgres_is_one_line():
    result = CliRunner().invoke(app, ["serve", "--db", "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"])
    assert result.exit_code == 1
    assert "cannot open or migrate the database" in result.output
    assert "Traceback" not in result.output
