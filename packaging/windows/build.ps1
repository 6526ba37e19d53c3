# Build the Windows installer: PyInstaller onedir, then Inno Setup (iscc) — run from the repository root in
# PowerShell on Windows with Python 3.12 (None is immortal there, see packaging/constraints.txt) and Inno Setup 6 installed (see packaging/README.md).
$ErrorActionPreference = "Stop"
python -m venv .venv-build
.\.venv-build\Scripts\python -m pip install --upgrade pip
.\.venv-build\Scripts\python -m pip install -c packaging\constraints.txt ".[build]"
.\.venv-build\Scripts\python packaging\build.py app
.\.venv-build\Scripts\python packaging\build.py portable
$version = (.\.venv-build\Scripts\python -c "import gongkai_desktop; print(gongkai_desktop.__version__)").Trim()
$iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe"
if (-not (Test-Path $iscc)) { $iscc = "iscc" }
& $iscc "/DAppVersion=$version" packaging\windows\gongkai.iss
# smoke check of the frozen program (no window needed)
.\dist\gongkai-desktop\gongkai.exe --version
.\dist\gongkai-desktop\gongkai.exe --db "$env:TEMP\gongkai-check.sqlite" demo --applications 50 --tasks 5
.\dist\gongkai-desktop\gongkai.exe --db "$env:TEMP\gongkai-check.sqlite" check
Get-ChildItem dist\*.exe, dist\*.zip | Format-Table Name, Length
