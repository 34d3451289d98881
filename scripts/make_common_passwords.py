"""Write app/services/identity/data/common_passwords.txt: guessable passwords of 10+ characters.

Shorter ones are refused by length already, so the list keeps only what the length rule lets
through: common words and names (English and pinyin) with the suffixes people add, keyboard
walks and digit runs. Run again after editing the lists below; the output is sorted.
"""

from __future__ import annotations

from pathlib import Path

OUT = (Path(__file__).resolve().parent.parent / "app" / "services" / "identity" / "data"
       / "common_passwords.txt")

BASES_TEXT = """
password passw0rd p@ssword p@ssw0rd admin administrator root welcome letmein iloveyou
qwerty qwertyuiop asdfgh asdfghjkl zxcvbn zxcvbnm qazwsx qweasd 1qaz2wsx abc abcd abcdef
abcdefg monkey dragon master shadow sunshine princess football baseball superman batman
trustno1 michael jennifer jordan hunter ranger harley thomas charlie freedom whatever
starwars computer internet security secret changeme default guest login user test tester
hello hellokitty flower summer winter spring autumn china beijing shanghai shenzhen
guangzhou woaini woaini1314 wodemima mima zhangwei wangwei wangfang liwei lina zhangmin
zhang wang li liu chen yang huang zhao zhou wu xu sun ma zhu hu guo he lin luo
jiangxin skill skills contest competition judge organizer contestant worker welder
lathe electrician teacher student school company huawei xiaomi tencent alibaba baidu
aini yangyang xiaoxiao tiantian lovely loveyou iloveu kiss angel baby family
"""
BASES = BASES_TEXT.split()

SUFFIXES = ["", "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678",
            "!", "!!", "@", "#", "1!", "123!", "@123", "#123", "_123", ".123", "123.",
            "0", "00", "000", "01", "007", "11", "111", "520", "521", "888", "666",
            "999", "1314", "5201314", "2008", "2010", "2012", "2015", "2018", "2019",
            "2020", "2021", "2022", "2023", "2024", "2025", "2026", "2027"]

EXTRA = """
1234567890 0123456789 0987654321 9876543210 1111111111 0000000000 1234512345
12345678910 123456789a a123456789 1q2w3e4r5t 1q2w3e4r5t6y q1w2e3r4t5 qwer1234qwer
1qaz2wsx3edc qazwsxedc qazwsxedcrfv zaq12wsx!! !qaz2wsx#edc abc123abc123
qwertyuiop[] asdfghjkl; 1qazxsw23edc zxcvbnm123 poiuytrewq lkjhgfdsa mnbvcxz123
aaaaaaaaaa abcabcabcabc abcdefghij abcdefghijk abcdefghijkl iloveyou123 iloveyou1314
woshishui1 nihaoma123 caonima123 wocaonima 5201314520 1314520520 woaiwojia
"""


def candidates() -> set[str]:
    """Return every listed password that is long enough to pass the length rule."""
    found = {word + suffix for word in BASES for suffix in SUFFIXES}
    found |= {word.capitalize() + suffix for word in BASES for suffix in SUFFIXES}
    found |= set(EXTRA.split())
    return {p.lower() for p in found if len(p) >= 10}


def main() -> None:
    """Write the list, one lower-case password per line."""
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(sorted(candidates())) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(candidates())} passwords")


if __name__ == "__main__":
    main()
