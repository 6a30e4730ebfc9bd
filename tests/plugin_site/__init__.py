"""A Wagtail site with the consultation plugin and none of this project's own apps
(no ``home``, no ``search``, none of ``config``'s settings), for the test that the
plugin installs in another site with only its own settings."""
