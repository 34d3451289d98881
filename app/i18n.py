"""Locale selection: Chinese first, English second."""

from __future__ import annotations

from babel import Locale, support
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import Domain, get_locale
from flask_login import current_user

from app.extensions import babel


def select_locale() -> str:
    """Pick the locale: API callers by Accept-Language, pages by choice, then user.

    An API client states its language per request, so its header wins; a person on a
    page chose a language in the switcher (session) or in their profile. Outside a
    request (CLI, background jobs) the default, Chinese, applies.
    """
    if not has_request_context():
        return "zh_CN"
    supported = current_supported()
    if request.path.startswith("/api/") and request.headers.get("Accept-Language"):
        best = request.accept_languages.best_match(["zh_CN", "zh", "en"])
        return "en" if best == "en" else "zh_CN"
    chosen = session.get("locale")
    if chosen in supported:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in supported:
        return current_user.locale
    return "zh_CN"


def current_supported() -> tuple[str, ...]:
    """Return the supported locale codes."""
    return tuple(current_app.config["LANGUAGES"])


def catalog_names(locale: Locale) -> list[str]:
    """Return the catalog folder names to try for a locale, most specific first.

    Babel spells zh_CN as zh_Hans_CN, but the catalogs live in app/translations/zh_CN
    (the name `pybabel init -l zh_CN` gives), so try language_TERRITORY as well.
    """
    names = [str(locale)]
    if locale.territory:
        names.append(f"{locale.language}_{locale.territory}")
    names.append(locale.language)
    return list(dict.fromkeys(names))


class CatalogDomain(Domain):
    """Flask-Babel's domain, finding catalogs by language_TERRITORY too."""

    def get_translations(self) -> support.NullTranslations:
        """Load (once per locale) and merge the catalogs for the request's locale."""
        locale = get_locale()
        if locale is None:
            return support.NullTranslations()
        cache = self.get_translations_cache(None)
        key = (str(locale), self.domain[0])
        if key not in cache:
            translations = support.Translations()
            for index, dirname in enumerate(self.translation_directories):
                domain = self.domain[0] if len(self.domain) == 1 else self.domain[index]
                catalog = support.Translations.load(dirname, catalog_names(locale), domain)
                translations.merge(catalog)
                # merge() does not copy the plural rule; keep the catalog's.
                if hasattr(catalog, "plural"):
                    translations.plural = catalog.plural
            cache[key] = translations
        return cache[key]


def init_babel(app: Flask) -> None:
    """Bind Flask-Babel with our selector and catalog lookup."""
    babel.init_app(app, locale_selector=select_locale)
    babel.domain_instance = CatalogDomain(domain=app.config.get("BABEL_DOMAIN", "messages"))
