"""Turn the engine's frozen dataclasses into JSON-ready values and back, by their type hints."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from app.domain.errors import InputError
from app.domain.numbers import GENERAL, NumberError, parse_decimal

T = TypeVar("T")


def to_jsonable(value: Any) -> Any:
    """Return value as JSON-ready data: Decimal → str, enum → value, date → ISO string."""
    if value is None or isinstance(value, bool | int | str):
        return value.value if isinstance(value, Enum) else value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(to_jsonable(k)): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted(to_jsonable(v) for v in value)
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    raise TypeError(f"cannot serialise {type(value).__name__}")


@cache
def _hints(cls: type) -> dict[str, Any]:
    """Return the resolved type hints of a dataclass."""
    return typing.get_type_hints(cls)


def from_jsonable(tp: Any, data: Any, path: str = "$") -> Any:
    """Build a value of type tp from JSON-ready data, raising InputError naming the path."""
    if tp is Any:
        return data
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if data is None and type(None) in args:
            return None
        last: InputError | None = None
        for arg in args:
            if arg is type(None):
                continue
            try:
                return from_jsonable(arg, data, path)
            except InputError as exc:
                last = exc
        raise last or _bad(path, data, tp)
    if origin is typing.Literal:
        if data in typing.get_args(tp):
            return data
        raise _bad(path, data, tp)
    if origin in (tuple, list, frozenset, set) or tp in (tuple, list, frozenset):
        if not isinstance(data, list | tuple):
            raise _bad(path, data, tp)
        args = typing.get_args(tp)
        item = args[0] if args else Any
        items = [from_jsonable(item, v, f"{path}[{i}]") for i, v in enumerate(data)]
        return frozenset(items) if origin in (frozenset, set) else tuple(items)
    if origin in (dict, Mapping, typing.Mapping) or tp in (dict, Mapping):
        if not isinstance(data, Mapping):
            raise _bad(path, data, tp)
        args = typing.get_args(tp)
        key_tp, val_tp = args if args else (Any, Any)
        return {
            from_jsonable(key_tp, k, path): from_jsonable(val_tp, v, f"{path}.{k}")
            for k, v in data.items()
        }
    if isinstance(tp, type):
        return _scalar(tp, data, path)
    raise _bad(path, data, tp)


def _scalar(tp: type, data: Any, path: str) -> Any:
    """Build a scalar, enum or dataclass value."""
    if dataclasses.is_dataclass(tp):
        hook = getattr(tp, "from_json_value", None)
        if hook is not None and not isinstance(data, Mapping):
            return hook(data)
        if not isinstance(data, Mapping):
            raise _bad(path, data, tp)
        hints = _hints(tp)
        names = {f.name for f in dataclasses.fields(tp) if f.init}
        unknown = set(data) - names
        if unknown:
            raise InputError(
                "input.unknown_field",
                f"{path} 含有未知字段：{', '.join(sorted(unknown))}",
                field=path,
                params={"fields": sorted(unknown)},
            )
        kwargs = {k: from_jsonable(hints[k], v, f"{path}.{k}") for k, v in data.items()}
        try:
            return tp(**kwargs)
        except TypeError as exc:
            raise InputError(
                "input.missing_field", f"{path} 缺少必填字段：{exc}", field=path
            ) from None
    if issubclass(tp, Enum):
        try:
            return tp(data)
        except ValueError:
            raise _bad(path, data, tp) from None
    if tp is Decimal:
        if isinstance(data, bool) or not isinstance(data, int | str | Decimal | float):
            raise _bad(path, data, tp)
        try:  # the one bounded parser: no exponent, NaN or giant digit strings (issue #11.1)
            return parse_decimal(data, GENERAL, field=path)
        except NumberError:
            raise _bad(path, data, tp) from None
    if tp is datetime:
        return _parse(datetime, data, path)
    if tp is date:
        return _parse(date, data, path)
    if tp is bool:
        if isinstance(data, bool):
            return data
        raise _bad(path, data, tp)
    if tp is int:
        if isinstance(data, int) and not isinstance(data, bool):
            return data
        raise _bad(path, data, tp)
    if tp is str:
        if isinstance(data, str):
            return data
        raise _bad(path, data, tp)
    if isinstance(data, tp):
        return data
    raise _bad(path, data, tp)


def _parse(tp: type[date] | type[datetime], data: Any, path: str) -> date | datetime:
    """Parse an ISO date or datetime."""
    if isinstance(data, tp):
        return data
    try:
        return tp.fromisoformat(data)
    except (TypeError, ValueError):
        raise _bad(path, data, tp) from None


def _bad(path: str, data: Any, tp: Any) -> InputError:
    """Return the error for a value that does not fit its type."""
    name = getattr(tp, "__name__", str(tp))
    return InputError(
        "input.type",
        f"{path} 的值 {data!r} 不是有效的 {name}",
        field=path,
        params={"value": repr(data), "type": name},
    )


def load(cls: type[T], data: Any) -> T:
    """Build a dataclass instance from JSON-ready data."""
    return typing.cast(T, from_jsonable(cls, data))
