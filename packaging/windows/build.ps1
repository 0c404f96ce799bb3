<#
.SYNOPSIS
    Build digitpad's Windows installer: a clean venv with the pinned versions, the PyInstaller
    one-folder app, the Inno Setup installer, then the built app's --self-test.

.DESCRIPTION
    Run from anywhere in a clone, in Windows PowerShell 5.1 or PowerShell 7:
        powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
    Needs: Windows 10/11 x64, Python 3.11 x64 (python.org installer; found with the "py" launcher
    unless -Python is given), Inno Setup 6 (ISCC.exe on PATH, in its default folder, or -Iscc),
    access to PyPI (or a mirror pip is configured for).

    Output:
        build\windows\dist\digitpad\        the one-folder app (digitpad.exe windowed, digitpad-cli.exe console)
        dist\digitpad-X.Y.Z-windows-x64-setup.exe

    The self-test runs twice: through digitpad-cli.exe (a console program: its report is printed and
    its exit code is $LASTEXITCODE), and through the windowed digitpad.exe with Start-Process -PassThru
    and WaitForExit(), whose exit code is the verdict. A windowed program has no console: its standard
    output is captured with -RedirectStandardOutput, and the report the self-test writes to
    self-test.txt in the data folder (DIGITPAD_DATA_DIR, a temporary folder here) is shown too.

.PARAMETER Python
    Path to python.exe 3.11 (x64) for the build venv. Default: "py -3.11".
.PARAMETER Iscc
    Path to ISCC.exe. Default: ISCC.exe on PATH, then "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe".
.PARAMETER SkipInstaller
    Build and self-test the app folder only (no Inno Setup needed).
.PARAMETER TestInstall
    After building, install the setup silently on THIS machine, run the installed app's self-test,
    and uninstall it silently again (needs an elevated prompt; use a throwaway VM or CI runner).
#>
[CmdletBinding()]
param(
    [string]$Python = "",
    [string]$Iscc = "",
    [switch]$SkipInstaller,
    [switch]$TestInstall
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
$clock = [Diagnostics.Stopwatch]::StartNew()

$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $Root
$Build = Join-Path $Root "build\windows"
$Venv = Join-Path $Build "venv"
$Py = Join-Path $Venv "Scripts\python.exe"
$AppDir = Join-Path $Build "dist\digitpad"

function Invoke-Native {
    # Run a native program; stop the build if it fails (PowerShell 5.1 does not do that by itself).
    param([Parameter(Mandatory)][string]$Exe, [string[]]$Arguments = @())
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Get-FolderSize([string]$Path) {
    (Get-ChildItem -LiteralPath $Path -Recurse -File | Measure-Object -Property Length -Sum).Sum
}

function Invoke-SelfTest {
    # Runs the self-test of an installed or built app folder both ways; throws if either fails.
    param([Parameter(Mandatory)][string]$Folder, [Parameter(Mandatory)][string]$Label)
    $data = Join-Path ([IO.Path]::GetTempPath()) ("digitpad-selftest-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $data | Out-Null
    $env:DIGITPAD_DATA_DIR = $data      # keep the build user's own digitpad data out of it
    $env:QT_QPA_PLATFORM = "offscreen"  # no window, works in a service session or CI runner
    try {
        Write-Host "`n==> ${Label}: digitpad-cli.exe --self-test"
        $t = [Diagnostics.Stopwatch]::StartNew()
        & (Join-Path $Folder "digitpad-cli.exe") --self-test
        $cliCode = $LASTEXITCODE
        Write-Host ("    exit code {0} in {1:N1} s" -f $cliCode, $t.Elapsed.TotalSeconds)

        Write-Host "`n==> ${Label}: windowed digitpad.exe --self-test (exit code via Start-Process -PassThru)"
        $out = Join-Path $data "selftest-stdout.txt"
        $err = Join-Path $data "selftest-stderr.txt"
        $t.Restart()
        $p = Start-Process -FilePath (Join-Path $Folder "digitpad.exe") -ArgumentList "--self-test" `
            -PassThru -NoNewWindow -RedirectStandardOutput $out -RedirectStandardError $err
        $null = $p.Handle   # keep a handle so that ExitCode is still readable after the process ends
        $p.WaitForExit()
        $guiCode = $p.ExitCode
        Write-Host ("    exit code {0} in {1:N1} s" -f $guiCode, $t.Elapsed.TotalSeconds)
        foreach ($f in @($out, $err)) {
            if ((Test-Path $f) -and (Get-Item $f).Length -gt 0) { Write-Host "    --- $(Split-Path $f -Leaf):"; Get-Content $f | Select-Object -Last 20 | ForEach-Object { "    $_" } }
        }
        $report = Join-Path $data "self-test.txt"   # the self-test also writes its report there
        if (Test-Path $report) { Write-Host "    --- self-test.txt:"; Get-Content $report | ForEach-Object { "    $_" } }
        $log = Join-Path $data "logs\digitpad.log"
        if (Test-Path $log) { Write-Host "    --- logs\digitpad.log (last lines):"; Get-Content $log | Select-Object -Last 10 | ForEach-Object { "    $_" } }

        if ($cliCode -ne 0) { throw "${Label}: digitpad-cli.exe --self-test failed (exit code $cliCode)" }
        if ($guiCode -ne 0) { throw "${Label}: digitpad.exe --self-test failed (exit code $guiCode)" }
    }
    finally {
        Remove-Item Env:DIGITPAD_DATA_DIR, Env:QT_QPA_PLATFORM -ErrorAction SilentlyContinue
        Remove-Item -Recurse -Force $data -ErrorAction SilentlyContinue
    }
}

# --- 0. the interpreter --------------------------------------------------------------------------
if ($Python) { $PyCmd = @($Python); }
elseif (Get-Command py -ErrorAction SilentlyContinue) { $PyCmd = @("py", "-3.11") }
else { $PyCmd = @("python") }
$PyExe = $PyCmd[0]; $PyArgs = @($PyCmd | Select-Object -Skip 1)
$pyInfo = & $PyExe @PyArgs -c "import platform, sys; print('%d.%d %s' % (sys.version_info[0], sys.version_info[1], platform.machine()))"
if ($LASTEXITCODE -ne 0) { throw "cannot run $($PyCmd -join ' ')" }
if ($pyInfo -ne "3.11 AMD64") { throw "packaging\requirements-lock.txt is pinned for 64-bit Python 3.11; $($PyCmd -join ' ') is '$pyInfo' (use -Python)" }

$Version = & $PyExe @PyArgs -c "import sys; sys.path.insert(0, r'packaging\pyinstaller'); import bundle_data; print(bundle_data.read_version())"
if ($LASTEXITCODE -ne 0) { throw "cannot read digitpad.__version__" }
Write-Host "==> digitpad $Version for Windows x64"

# --- 1. a clean venv with the pinned versions --------------------------------------------------
Write-Host "`n==> clean venv in build\windows\venv"
if (Test-Path $Build) { Remove-Item -Recurse -Force $Build }
New-Item -ItemType Directory -Path $Build | Out-Null
Invoke-Native $PyExe ($PyArgs + @("-m", "venv", $Venv))
Invoke-Native $Py @("-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--only-binary=:all:", "-r", "packaging\requirements-lock.txt")
Invoke-Native $Py @("-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "--no-build-isolation", $Root)
Invoke-Native $Py @("-m", "pip", "check")
foreach ($leftover in @("build\lib", "digitpad.egg-info")) { if (Test-Path $leftover) { Remove-Item -Recurse -Force $leftover } }
$tVenv = $clock.Elapsed.TotalSeconds

# --- 2. PyInstaller (run from build\windows: the installed digitpad is analysed, not the source tree)
Write-Host "`n==> PyInstaller (one-folder, windowed + console twin)"
Push-Location $Build
try {
    Invoke-Native $Py @("-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", (Join-Path $Build "dist"), "--workpath", (Join-Path $Build "work"),
        (Join-Path $Root "packaging\pyinstaller\digitpad.spec"))
}
finally { Pop-Location }
foreach ($exe in @("digitpad.exe", "digitpad-cli.exe")) {
    if (-not (Test-Path (Join-Path $AppDir $exe))) { throw "PyInstaller did not produce $AppDir\$exe" }
}
$tPyi = $clock.Elapsed.TotalSeconds

# --- 3. Inno Setup ---------------------------------------------------------------------------
$Setup = $null
if (-not $SkipInstaller) {
    if (-not $Iscc) {
        $cmd = Get-Command ISCC.exe -ErrorAction SilentlyContinue
        if ($cmd) { $Iscc = $cmd.Source }
        else { $Iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe" }
    }
    if (-not (Test-Path $Iscc)) { throw "Inno Setup 6's ISCC.exe not found (install Inno Setup 6 or pass -Iscc)" }
    Write-Host "`n==> Inno Setup: $Iscc"
    New-Item -ItemType Directory -Force -Path (Join-Path $Root "dist") | Out-Null
    Invoke-Native $Iscc @("/Qp", "/DAppVersion=$Version", "/DAppDir=$AppDir", "/DOutDir=$(Join-Path $Root 'dist')",
        (Join-Path $Root "packaging\windows\digitpad.iss"))
    $Setup = Join-Path $Root "dist\digitpad-$Version-windows-x64-setup.exe"
    if (-not (Test-Path $Setup)) { throw "ISCC did not produce $Setup" }
    $hash = (Get-FileHash -Algorithm SHA256 $Setup).Hash.ToLower()
    Set-Content -Path "$Setup.sha256" -Value "$hash  $(Split-Path $Setup -Leaf)" -Encoding ascii
}
$tIscc = $clock.Elapsed.TotalSeconds

# --- 4. optional: install, self-test and uninstall on this machine --------------------------------
if ($TestInstall) {
    if (-not $Setup) { throw "-TestInstall needs the installer (leave out -SkipInstaller)" }
    $logDir = Join-Path $Build "install-test"; New-Item -ItemType Directory -Force -Path $logDir | Out-Null
    Write-Host "`n==> silent install"
    $p = Start-Process -FilePath $Setup -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/LOG=`"$logDir\setup.log`"" -Wait -PassThru
    if ($p.ExitCode -ne 0) { throw "silent install failed with exit code $($p.ExitCode) (log: $logDir\setup.log)" }
    $installed = Join-Path $env:ProgramFiles "digitpad"
    Invoke-SelfTest -Folder $installed -Label "installed app"
    Write-Host "`n==> silent uninstall"
    $p = Start-Process -FilePath (Join-Path $installed "unins000.exe") -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/LOG=`"$logDir\uninstall.log`"" -Wait -PassThru
    if ($p.ExitCode -ne 0) { throw "silent uninstall failed with exit code $($p.ExitCode) (log: $logDir\uninstall.log)" }
}

# --- 5. the built app's self-test ---------------------------------------------------------------
Invoke-SelfTest -Folder $AppDir -Label "built app"

$size = Get-FolderSize $AppDir
Write-Host "`n==> done"
Write-Host ("  app folder:  {0}  {1:N0} MB ({2:N0} files)" -f $AppDir, ($size / 1MB), (Get-ChildItem -LiteralPath $AppDir -Recurse -File).Count)
if ($Setup) { Write-Host ("  installer:   {0}  {1:N0} MB" -f $Setup, ((Get-Item $Setup).Length / 1MB)) }
Write-Host ("  build time:  {0:N0} s (venv {1:N0} s, PyInstaller {2:N0} s, Inno Setup {3:N0} s)" -f `
    $clock.Elapsed.TotalSeconds, $tVenv, ($tPyi - $tVenv), ($tIscc - $tPyi))
