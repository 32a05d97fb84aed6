; The Windows installer of 信访台账, built on Linux by `make windows` with
; Debian's makensis (Tauri's own NSIS bundling downloads helpers from the
; internet, which the build machines cannot reach).
;
; Installs for the current user (no administrator needed) into
; %LOCALAPPDATA%\Programs\信访台账: the app, the `xinfang` command line, the
; WebView2 loader and the print assets, with a Start-menu entry. The ledger is
; not here: it lives in %APPDATA%\cn.xinfang.ledger (or where XINFANG_DB
; says), and the uninstaller never touches it, its keyring or its backups.
;
; makensis -DVERSION=0.1.0 -DSTAGE=<folder with the files> -DOUT=<installer.exe> -DICON=<icon.ico>
;          [-DWEBVIEW2_INSTALLER=<MicrosoftEdgeWebView2RuntimeInstallerX64.exe>]

; A 64-bit installer for a 64-bit app: it runs where the app runs, and under
; a Wine without 32-bit support (the tests).
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!include "MUI2.nsh"
!include "LogicLib.nsh"

!define PRODUCT "信访台账"
!define IDENT "cn.xinfang.ledger"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${IDENT}"
; The WebView2 runtime's client id, under EdgeUpdate (Microsoft's documented check).
!define WEBVIEW2_CLIENT "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=2052 "FileDescription" "${PRODUCT} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "MIT OR Apache-2.0"

!define MUI_ABORTWARNING
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\xinfang-app.exe"
!define MUI_FINISHPAGE_RUN_TEXT "现在打开信访台账"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

; The installed WebView2 runtime's version, "" when there is none (the
; machine-wide install of a 64-bit system, then the user's own).
Function WebView2Version
  Push $0
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_CLIENT}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_CLIENT}" "pv"
  ${EndIf}
  ${If} $0 == "0.0.0.0"
    StrCpy $0 ""
  ${EndIf}
  Exch $0
FunctionEnd

Section "install"
  SetOutPath "$INSTDIR"
  File "${STAGE}\xinfang-app.exe"
  File "${STAGE}\xinfang.exe"
  File "${STAGE}\WebView2Loader.dll"
  File /r "${STAGE}\assets"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\xinfang-app.exe"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "信访台账项目"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\xinfang-app.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1

  Call WebView2Version
  Pop $0
  ${If} $0 == ""
!ifdef WEBVIEW2_INSTALLER
    ; The offline runtime carried in this installer (a build with internet
    ; access fetched it; see docs/windows.md).
    DetailPrint "正在安装 WebView2 运行时……"
    File "/oname=$PLUGINSDIR\webview2-setup.exe" "${WEBVIEW2_INSTALLER}"
    ExecWait '"$PLUGINSDIR\webview2-setup.exe" /silent /install' $1
    ${If} $1 != 0
      MessageBox MB_OK|MB_ICONEXCLAMATION "WebView2 运行时没有装好（代码 $1）。信访台账的窗口需要它：请以管理员身份运行本安装程序再试一次。命令行工具 xinfang.exe 不需要它，照常可用。" /SD IDOK
    ${EndIf}
!else
    MessageBox MB_OK|MB_ICONINFORMATION "这台电脑还没有 Microsoft Edge WebView2 运行时，信访台账的窗口需要它（Windows 11 和更新过的 Windows 10 自带）。$\r$\n$\r$\n请用 U 盘从能上网的电脑拷来“WebView2 离线安装包”（MicrosoftEdgeWebView2RuntimeInstallerX64.exe），双击安装后再打开信访台账。台账已经装好，命令行工具 xinfang.exe 现在就能用。" /SD IDOK
!endif
  ${EndIf}
SectionEnd

Section "uninstall"
  ; Only what the installer put here. The ledger, its keyring (.keys) and
  ; backups are in %APPDATA%\cn.xinfang.ledger or wherever the person keeps
  ; them, and stay.
  Delete "$INSTDIR\xinfang-app.exe"
  Delete "$INSTDIR\xinfang.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  RMDir /r "$INSTDIR\assets"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
