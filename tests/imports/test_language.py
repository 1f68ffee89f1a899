"""Language detection: scripts settle CJK outright, the model the rest, short text none."""

from __future__ import annotations

import pytest

from voxpop.imports.language import detect


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The export to CSV fails when the board has more than a thousand rows.", "en"),
        ("Die Synchronisierung ist seit dem letzten Update sehr langsam, bitte helfen Sie uns.", "de"),
        ("Ça ne marche pas depuis la mise à jour, la synchronisation est très lente.", "fr"),
        ("导出到CSV时失败了，表格超过一千行就不行。", "zh"),
        ("내보내기가 천 행이 넘으면 실패합니다.", "ko"),
        ("エクスポートが千行を超えると失敗します。", "ja"),
        ("CSV导出失败", "zh"),  # Latin letters among Han: Han still settles it
        ("好的", "zh"),  # two Han characters are enough
        ("ok", ""),  # fewer than three letters
        ("12345 !!", ""),
        ("", ""),
    ],
)
def test_detect_gives_the_documented_language(text: str, expected: str) -> None:
    assert detect(text) == expected


def test_detect_reads_only_the_first_200_characters() -> None:
    english = "The export to CSV fails when the board has more than a thousand rows. " * 3
    assert detect(english[:200] + "导出到CSV时失败了" * 50) == "en"


def test_the_fast_classifier_agrees_with_py3langid() -> None:
    from voxpop.imports.language import _identifier, _model

    texts = [
        "Login with SSO keeps asking for a password again",
        "Die Rechnung zeigt die falsche Anzahl an Plätzen",
        "La facture affiche le mauvais nombre de licences",
        "La exportación falla cuando el tablero tiene más de mil filas",
        "L'esportazione non funziona con più di mille righe",
        "A sincronização está lenta desde a última atualização",
        "De export mislukt bij meer dan duizend rijen",
        "Synkroniseringen är långsam sedan senaste uppdateringen",
        "Eksport nie działa, gdy tablica ma ponad tysiąc wierszy",
        "Экспорт не работает, если строк больше тысячи",
        "Dışa aktarma bin satırdan fazla olduğunda başarısız oluyor",
        "thanks",
        "ok!!",
        "Grüße aus München, die Synchronisierung ist langsam.",
    ]
    for text in texts:
        assert _model().classify(text) == _identifier().classify(text)[0], text
