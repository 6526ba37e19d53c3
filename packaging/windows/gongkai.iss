; Inno Setup script for the Windows installer of 政务公开台账 (built by packaging/windows/build.ps1).
; Per-user install without administrator rights; Start-menu and desktop shortcuts; the uninstaller removes the
; program only — ledgers, backups and settings live in %LOCALAPPDATA%\gongkai-desktop and are kept.
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\gongkai-desktop"
#endif

[Setup]
AppId={{6F1C2B0E-3C55-4E4B-9B7F-8D2C1A6E4F10}
AppName=政务公开台账
AppVersion={#AppVersion}
AppVerName=政务公开台账 {#AppVersion}
AppPublisher=政务公开台账
DefaultDirName={localappdata}\Programs\gongkai-desktop
DefaultGroupName=政务公开台账
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=gongkai-desktop-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\gongkai.ico
UninstallDisplayIcon={app}\gongkai-desktop.exe
Compression=lzma2/max
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
ArchitecturesAllowed=x64compatible
WizardStyle=modern
ShowLanguageDialog=no

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "快捷方式："

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\政务公开台账"; Filename: "{app}\gongkai-desktop.exe"
Name: "{group}\卸载政务公开台账"; Filename: "{uninstallexe}"
Name: "{userdesktop}\政务公开台账"; Filename: "{app}\gongkai-desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\gongkai-desktop.exe"; Description: "启动政务公开台账"; Flags: nowait postinstall skipifsilent

; Nothing under {localappdata}\gongkai-desktop (the ledgers) is listed for deletion: uninstalling keeps them.
