/**
 * Getting helm ready for "Verify with helm" in two clicks: Locate helm… (a file picker that writes
 * `helmHooks.helm.path`), Open Settings (on the tab where that setting applies in this window), Trust Workspace….
 *
 * `helmHooks.helm.path` is machine-scoped. In a remote window (code-server, Remote-SSH, WSL, Dev Containers) the
 * helm that runs is the remote machine's, and a machine-scoped setting in the local User settings is greyed out
 * ("cannot be applied in this window"): it must go to the Remote settings. VS Code routes a write with
 * `ConfigurationTarget.Global` of a machine-scoped setting to the Remote settings when the window is remote
 * (WorkspaceConfigurationService.toEditableConfigurationTarget), so Global is right in both kinds of window; the
 * settings editor, though, needs to be told which tab to open.
 */
import * as vscode from 'vscode';

export const HELM_PATH_SETTING = 'helmHooks.helm.path';
export const locateHelmCommand = 'helmHooks.locateHelm';
export const openHelmSettingsCommand = 'helmHooks.openHelmSettings';

/** Where `helmHooks.helm.path` lives in this window, in the words of the settings editor's tabs. */
export function helmSettingScope(): { remote: boolean; label: string } {
  const remote = !!vscode.env.remoteName;
  return { remote, label: remote ? 'Remote settings' : 'User settings' };
}

/** The helm binary the user named (machine-scoped), or undefined for the default lookup (PATH, installers). */
export function configuredHelmPath(): string | undefined {
  const value = vscode.workspace.getConfiguration('helmHooks').get<string>('helm.path')?.trim();
  return value && value !== 'helm' ? value : undefined;
}

/**
 * Asks for the helm binary (the file dialog of the machine helm runs on) and writes it to the setting's scope in
 * this window. Returns the chosen path, or undefined when the user cancelled.
 */
export async function locateHelm(): Promise<string | undefined> {
  const current = configuredHelmPath();
  const picked = await vscode.window.showOpenDialog({
    title: 'Locate the helm binary',
    openLabel: 'Use this helm',
    canSelectFiles: true,
    canSelectFolders: false,
    canSelectMany: false,
    defaultUri: current ? vscode.Uri.file(current) : undefined,
    filters: process.platform === 'win32' ? { 'helm.exe': ['exe'], 'All files': ['*'] } : undefined,
  });
  const file = picked?.[0];
  if (!file) return undefined;
  const scope = helmSettingScope();
  await vscode.workspace.getConfiguration('helmHooks').update('helm.path', file.fsPath, vscode.ConfigurationTarget.Global);
  void vscode.window.setStatusBarMessage(`Helm Hooks: helm set to ${file.fsPath} (${scope.label})`, 5000);
  return file.fsPath;
}

/** The settings editor on `helmHooks.helm.path`, on the Remote tab in a remote window, the User tab otherwise. */
export async function openHelmSettings(): Promise<void> {
  const query = `@id:${HELM_PATH_SETTING}`;
  if (helmSettingScope().remote) {
    try {
      await vscode.commands.executeCommand('workbench.action.openRemoteSettings', { query });
      return;
    } catch {
      // An older VS Code without the argument: the settings editor with the query still finds it.
    }
  }
  await vscode.commands.executeCommand('workbench.action.openGlobalSettings', { query });
}

/** VS Code's Workspace Trust editor (Restricted Mode → trusted). */
export async function manageWorkspaceTrust(): Promise<void> {
  await vscode.commands.executeCommand('workbench.trust.manage');
}
