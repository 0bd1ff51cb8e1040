from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo: the data in the top-level `fixtures/` folder and the
    `load_demo` command that plays it through every app's services."""

    name = "demo"
