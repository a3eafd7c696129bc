; Inno Setup script: wraps dist\Rapport (built by installer\build.py) into one setup.exe.
; Per-user install by default so a salesperson without admin rights can install it.
; installer\build.py passes the version from pyproject.toml: iscc /DAppVersion=...
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

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
; AppUserModelID: the same id desktop/app.py gives the running process (WINDOWS_APP_ID), so
; the pinned shortcut and the running window share one taskbar button.
Name: "{group}\Rapport"; Filename: "{app}\Rapport.exe"; AppUserModelID: "Rapport.Rapport.Desktop"
Name: "{autodesktop}\Rapport"; Filename: "{app}\Rapport.exe"; Tasks: desktopicon; AppUserModelID: "Rapport.Rapport.Desktop"

[Tasks]
Name: "desktopicon"; Description: "Create a desktop icon"; Flags: unchecked

[Run]
Filename: "{app}\Rapport.exe"; Description: "Start Rapport"; Flags: nowait postinstall skipifsilent

[Code]
{ The user's database and backups live in %LOCALAPPDATA%\Rapport. Uninstalling keeps them (a
  reinstall or an upgrade finds them again) unless the user answers Yes here; the default button
  is No, and a silent uninstall never removes them. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  DataDir := ExpandConstant('{localappdata}\Rapport');
  if UninstallSilent or not DirExists(DataDir) then
    Exit;
  if MsgBox('Also remove my data?' + #13#10#13#10 +
            'Your contacts database and its backups in ' + DataDir +
            ' are kept unless you choose Yes.',
            mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
    DelTree(DataDir, True, True, True);
end;
