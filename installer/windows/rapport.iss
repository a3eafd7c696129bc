; Inno Setup script: wraps dist\Rapport (built by installer\build.py) into one setup.exe.
; Per-user install by default so a salesperson without admin rights can install it.
#define AppVersion "0.1.0"

[Setup]
AppId={{6E0F5C2B-6D1A-4C4F-9E36-5A3C1B7D2E90}
AppName=Rapport
AppVersion={#AppVersion}
AppPublisher=Rapport
DefaultDirName={autopf}\Rapport
DefaultGroupName=Rapport
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=Rapport-Setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Files]
Source: "..\..\dist\Rapport\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Rapport"; Filename: "{app}\Rapport.exe"
Name: "{autodesktop}\Rapport"; Filename: "{app}\Rapport.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop icon"; Flags: unchecked

[Run]
Filename: "{app}\Rapport.exe"; Description: "Start Rapport"; Flags: nowait postinstall skipifsilent

; The user's database lives in %LOCALAPPDATA%\Rapport and is never removed by the uninstaller.
