"""Generated forms in gui/forms must match ui/*.ui (run packaging/compile_forms.py after editing a .ui)."""

import importlib.util

import pytest

from ..conftest import ROOT

spec = importlib.util.spec_from_file_location("compile_forms", ROOT / "packaging" / "compile_forms.py")
compile_forms = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compile_forms)


def _code(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("#")]


@pytest.mark.parametrize("ui", sorted((ROOT / "ui").glob("*.ui")), ids=lambda p: p.name)
def test_form_is_fresh(ui):
    generated = compile_forms.form_path(ui)
    assert generated.exists(), f"{generated.name} missing: run python packaging/compile_forms.py"
    assert _code(generated.read_text(encoding="utf-8")) == _code(compile_forms.compile_ui(ui)), (
        f"{generated.name} is stale: run python packaging/compile_forms.py"
    )
