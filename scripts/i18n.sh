#!/usr/bin/env bash
# Refresh the translation catalogs: extract → update → compile.
# Afterwards translate every empty msgstr in app/translations/zh_CN/LC_MESSAGES/messages.po,
# run this script again, and commit the .pot, .po and .mo files together.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

POT=app/translations/messages.pot
PYBABEL=.venv/bin/pybabel

# Keep the old template when only its timestamp would change, so a no-op run changes no file.
OLD_POT="$(mktemp)"
trap 'rm -f "$OLD_POT"' EXIT
[[ -f "$POT" ]] && cp "$POT" "$OLD_POT"

"$PYBABEL" -q extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs='.* _* node_modules' \
    --no-location --sort-output --project=Jiangxin --copyright-holder=Jiangxin \
    --msgid-bugs-address= -o "$POT" .
if [[ -s "$OLD_POT" ]] && diff -q -I '^"POT-Creation-Date:' "$OLD_POT" "$POT" >/dev/null; then
    cp "$OLD_POT" "$POT"
fi

for locale in zh_CN en; do
    if [[ -f "app/translations/$locale/LC_MESSAGES/messages.po" ]]; then
        # No fuzzy matching: a guessed translation is worse than an empty one the test catches.
        "$PYBABEL" -q update -i "$POT" -d app/translations -l "$locale" \
            --no-fuzzy-matching --ignore-obsolete
    else
        "$PYBABEL" -q init -i "$POT" -d app/translations -l "$locale"
    fi
done

"$PYBABEL" -q compile -d app/translations --statistics

# Report what still needs a Chinese translation.
.venv/bin/python - <<'PY'
from babel.messages.pofile import read_po

with open("app/translations/zh_CN/LC_MESSAGES/messages.po", "rb") as handle:
    catalog = read_po(handle)
missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy
           or (isinstance(m.string, tuple) and not all(m.string)))]
for msgid in missing:
    print("untranslated:", msgid if isinstance(msgid, str) else msgid[0])
print(f"zh_CN: {len(missing)} untranslated of {len([m for m in catalog if m.id])}")
PY
