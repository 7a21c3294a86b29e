"""Languages: Danish by default, English by choice (``?lang=en``), kept by every link.

Texts go through flask-babel's gettext; facet labels come from config.yaml in both languages.
"""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, g, request
from flask_babel import Babel

LANGUAGES = ("da", "en")
DEFAULT = "da"
_QUERY_SAFE = "!$'()*,/:;?@"
"""Characters left unescaped in a query, as werkzeug's own ``url_for`` leaves them."""


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
    """This page in ``lang``, with every query parameter kept (Danish, the default, needs none).

    The query is copied as it came, never handed to ``url_for`` as keyword arguments: names such
    as ``_method``, ``_anchor``, ``_scheme`` or ``endpoint`` mean something to ``url_for``, and a
    parameter named like a part of the path (``?slug=x`` on a case page) would replace that part.
    """
    from flask import url_for

    endpoint = request.endpoint if request.endpoint and request.url_rule else "site.search"
    view_args = request.view_args if endpoint == request.endpoint else None
    # lang=None keeps url_defaults from adding the current language
    path = url_for(endpoint, **(view_args or {}), lang=None)
    grouped = request.args.to_dict(flat=False)
    if lang == DEFAULT:
        grouped.pop("lang", None)
    else:
        grouped["lang"] = [lang]
    query = urlencode([(k, v) for k, values in grouped.items() for v in values], safe=_QUERY_SAFE)
    return f"{path}?{query}" if query else path
