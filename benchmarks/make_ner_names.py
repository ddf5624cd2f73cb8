"""Write ``lstm_course/datasets/ner_names.txt``: the names, places and companies of chapter 05.

``make_ner_sentences`` fills its templates from that file, so the generated NER sentences are
the same on every machine, whatever version of Faker is installed (or none). This script is how
the file was made, once: it asks Faker (MIT licence) for 2,000 draws of each kind, with the
instance seeded to 0, and writes the distinct results, sorted, one per line, under a header per
list. Run it again only to change the lists on purpose; the tests' fingerprints of the
generated sentences then change too (tests/test_datasets_ner.py).

    python benchmarks/make_ner_names.py            # rewrites the file (needs Faker installed)
    python benchmarks/make_ner_names.py --check    # exit 1 if the file differs from a new run
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "lstm_course" / "datasets" / "ner_names.txt"
DRAWS = 2000  # draws of each kind (the generator used to draw this many per seed)

# (locale, list name, Faker method, number of draws)
LISTS = [
    ("en_US", "first_name", "first_name", DRAWS),
    ("en_US", "last_name", "last_name", DRAWS),
    ("en_US", "city", "city", DRAWS),
    ("en_US", "state", "state", DRAWS // 10),
    ("en_US", "company", "company", DRAWS),
    ("ko_KR", "name", "name", DRAWS),
    ("ko_KR", "city", "city", DRAWS),
    ("ko_KR", "country", "country", DRAWS // 2),
    ("ko_KR", "company", "company", DRAWS),
]


def build() -> str:
    import faker
    from faker import Faker

    lines = [
        "# Names, places and companies for lstm_course.datasets.ner.make_ner_sentences.",
        f"# Drawn once from Faker {faker.VERSION} (MIT licence; seed_instance(0)) by",
        "# benchmarks/make_ner_names.py: the distinct results of each list, sorted.",
        "# Made-up names: any likeness to a real person or company is chance.",
    ]
    fakes: dict[str, Faker] = {}
    for locale, name, method, n in LISTS:
        if locale not in fakes:
            fakes[locale] = Faker(locale)
            fakes[locale].seed_instance(0)
        fake = fakes[locale]
        values = sorted({getattr(fake, method)() for _ in range(n)})
        lines.append(f"[{locale} {name}]")
        lines += values
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    text = build()
    if args.check:
        same = OUT.read_text(encoding="utf-8") == text
        print(f"{OUT.name}: {'the same' if same else 'DIFFERENT'} from this Faker's draws")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(text.splitlines())} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
