"""The ``Content-Security-Policy`` header as a dict of directives."""

from __future__ import annotations

import typing as t

from .cache_control import _DirectiveMap


def csp_property(key: str) -> t.Any:
    """Returns a property that gets, sets and deletes the directive ``key``
    of a :class:`ContentSecurityPolicy`; for subclasses that add directives.
    Setting None removes the directive."""
    return property(
        fget=lambda policy: policy._get_value(key),
        fset=lambda policy, value: policy._set_value(key, value),
        fdel=lambda policy: policy._del_value(key),
        doc=f"accessor for {key!r}",
    )


class ContentSecurityPolicy(_DirectiveMap[str]):
    """The directives of a ``Content-Security-Policy`` header, as a dict
    from directive name to value. Each CSP level 3 directive also has a
    property, its name with underscores for dashes (``default_src``).

    ``str()`` or :meth:`to_header` gives the header value.

    :param values: the directives to start with, or None when the header
        was not sent (:attr:`provided` is false then).
    :param on_update: called with the policy after each change.
    """

    base_uri: str | None = csp_property("base-uri")
    child_src: str | None = csp_property("child-src")
    connect_src: str | None = csp_property("connect-src")
    default_src: str | None = csp_property("default-src")
    font_src: str | None = csp_property("font-src")
    form_action: str | None = csp_property("form-action")
    frame_ancestors: str | None = csp_property("frame-ancestors")
    frame_src: str | None = csp_property("frame-src")
    img_src: str | None = csp_property("img-src")
    manifest_src: str | None = csp_property("manifest-src")
    media_src: str | None = csp_property("media-src")
    navigate_to: str | None = csp_property("navigate-to")
    object_src: str | None = csp_property("object-src")
    prefetch_src: str | None = csp_property("prefetch-src")
    plugin_types: str | None = csp_property("plugin-types")
    report_to: str | None = csp_property("report-to")
    report_uri: str | None = csp_property("report-uri")
    sandbox: str | None = csp_property("sandbox")
    script_src: str | None = csp_property("script-src")
    script_src_attr: str | None = csp_property("script-src-attr")
    script_src_elem: str | None = csp_property("script-src-elem")
    style_src: str | None = csp_property("style-src")
    style_src_attr: str | None = csp_property("style-src-attr")
    style_src_elem: str | None = csp_property("style-src-elem")
    worker_src: str | None = csp_property("worker-src")

    def _get_value(self, key: str) -> str | None:
        return self.get(key)

    def _set_value(self, key: str, value: str | None) -> None:
        # None removes the directive rather than storing an empty one.
        if value is not None:
            self[key] = value
            return
        self.pop(key, None)

    def _del_value(self, key: str) -> None:
        self._discard(key)

    def to_header(self) -> str:
        """Returns the policy as a header value."""
        from ..http import dump_csp_header

        return dump_csp_header(self)
