"""Languages: Danish by default, English by choice (``?lang=en``), kept by every link.

Texts go through flask-babel's gettext; facet labels come from config.yaml in both languages.
"""
from __future__ import annotations

from flask import Flask, g, request
from flask_babel import Babel

LANGUAGES = ("da", "en")
DEFAULT = "da"


def select_locale() -> str:
    lang = request.args.get("lang", "")
    return lang if lang in LANGUAGES else DEFAULT


def current_language() -> str:
    return getattr(g, "lang", None) or select_locale()


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale, default_locale=DEFAULT,
          default_translation_directories="translations")

    @app.before_request
    def remember_language():
        g.lang = select_locale()

    @app.url_defaults
    def keep_language(endpoint, values):
        lang = getattr(g, "lang", DEFAULT)
        if lang != DEFAULT and "lang" not in values and endpoint != "static":
            values["lang"] = lang

    @app.context_processor
    def language_context():
        return {"lang": current_language(), "language_url": language_url}


def language_url(lang: str) -> str:
    """This page in ``lang``, with every parameter kept (Danish, the default, needs none)."""
    from flask import url_for

    values = dict(request.view_args or {})
    values.update(request.args.to_dict(flat=False))
    # None keeps url_defaults from adding the current language and leaves the parameter out
    values["lang"] = None if lang == DEFAULT else lang
    endpoint = request.endpoint if request.endpoint and request.url_rule else "site.search"
    return url_for(endpoint, **values)
