; digitpad - Inno Setup 6 script: a per-machine installer for the PyInstaller one-folder build.
;
; Compile (packaging\windows\build.ps1 does this):
;   ISCC.exe /DAppVersion=0.1.0 /DAppDir=C:\...\build\windows\dist\digitpad /DOutDir=C:\...\dist digitpad.iss
;
; Silent install, upgrade in place and removal (see docs/administrators.md):
;   digitpad-0.1.0-windows-x64-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /LOG="C:\Windows\Temp\digitpad-setup.log"
;   "C:\Program Files\digitpad\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
;
; Every version uses the same AppId, so a newer setup installs over the older one in place (same
; folder, same Apps & features entry, one uninstaller). Never change the AppId.

#ifndef AppVersion
  #error Pass the version on the command line: ISCC.exe /DAppVersion=X.Y.Z digitpad.iss
#endif
#ifndef AppDir
  #define AppDir "..\..\build\windows\dist\digitpad"
#endif
#ifndef OutDir
  #define OutDir "..\..\dist"
#endif

[Setup]
; The AppId names the uninstall registry key: HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\{390508A3-32B1-41D7-896C-B2092AC5E205}_is1
; ("{{" is how a literal "{" is written here).
AppId={{390508A3-32B1-41D7-896C-B2092AC5E205}
AppName=digitpad
AppVersion={#AppVersion}
AppVerName=digitpad {#AppVersion}
AppPublisher=digitpad developers
AppCopyright=digitpad developers (MIT licence); MNIST data CC BY-SA 3.0
VersionInfoVersion={#AppVersion}
VersionInfoProductName=digitpad
VersionInfoProductVersion={#AppVersion}
VersionInfoDescription=digitpad setup
; Per-machine only: always elevated, administrative install mode, no per-user option.
PrivilegesRequired=admin
; 64-bit only (TensorFlow and Qt 6 are 64-bit): C:\Program Files, 64-bit registry view.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 1809 (build 17763) or later.
MinVersion=10.0.17763
DefaultDirName={autopf}\digitpad
DisableDirPage=auto
UsePreviousAppDir=yes
DisableProgramGroupPage=yes
UninstallDisplayName=digitpad
UninstallDisplayIcon={app}\digitpad.exe
SetupIconFile=..\..\resources\icons\digitpad.ico
OutputDir={#OutDir}
OutputBaseFilename=digitpad-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
LZMAUseSeparateProcess=yes
WizardStyle=modern
; Setup writes "Setup Log yyyy-mm-dd #nnn.txt" to %TEMP% every time (/LOG="file" picks the file).
SetupLogging=yes
; Close a running digitpad (Restart Manager) before replacing its files.
CloseApplications=yes
RestartApplications=no
ChangesAssociations=no
ChangesEnvironment=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; A PyInstaller one-folder build changes file names between versions: clear the previous version's
; library folder before copying, so that an upgrade in place leaves no stale DLLs behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#AppDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; One Start-menu entry for all users (Start menu\Programs\digitpad); the uninstaller is in Apps & features.
Name: "{autoprograms}\digitpad"; Filename: "{app}\digitpad.exe"; Comment: "Draw a digit and watch a neural network classify it"
Name: "{autodesktop}\digitpad"; Filename: "{app}\digitpad.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\digitpad.exe"; Description: "{cm:LaunchProgram,digitpad}"; Flags: nowait postinstall skipifsilent runasoriginaluser

[UninstallDelete]
; Anything the app or Python may have left inside its own folder. Users' data and settings
; (%APPDATA%\digitpad, HKCU\Software\digitpad) are theirs and are not touched.
Type: filesandordirs; Name: "{app}\_internal"
