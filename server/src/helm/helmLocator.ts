/**
 * Where the helm binary is. An editor started from a desktop icon (or a remote server started by an agent) often
 * has a shorter PATH than the user's shell, so a helm the user installed with Homebrew, asdf, Scoop or winget is
 * not on it. When the user named no file, helm is looked for on PATH and then where the usual installers put it.
 * Pure apart from the `exists` probe, so the lists are unit-tested for every platform on any machine.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface LocateEnvironment {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
  /** An executable file is at this path. */
  isExecutable(file: string): boolean;
}

export interface HelmLocation {
  /** The binary to run, when one was found. */
  found?: string;
  /** Every place looked at, in order (shown when nothing was found). */
  searched: string[];
}

/** The machine this process runs on. */
export function hostEnvironment(): LocateEnvironment {
  return { platform: process.platform, env: process.env, home: os.homedir(), isExecutable };
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `helm` names a file (it has a directory part), rather than a command looked up on PATH. */
export function namesAFile(helm: string): boolean {
  return /[\\/]/.test(helm);
}

/** Folders where installers put helm, after PATH, in the order they are searched. */
export function installerFolders(e: Pick<LocateEnvironment, 'platform' | 'env' | 'home'>): string[] {
  const env = e.env;
  if (e.platform === 'win32') {
    const win = path.win32;
    const local = env.LOCALAPPDATA ?? win.join(e.home, 'AppData', 'Local');
    const programFiles = [env.ProgramFiles, env.ProgramW6432, env['ProgramFiles(x86)']].filter((p): p is string => !!p);
    if (programFiles.length === 0) programFiles.push('C:\\Program Files');
    return unique([
      win.join(env.ChocolateyInstall ?? 'C:\\ProgramData\\chocolatey', 'bin'),
      win.join(env.SCOOP ?? win.join(e.home, 'scoop'), 'shims'),
      ...(env.SCOOP_GLOBAL ? [win.join(env.SCOOP_GLOBAL, 'shims')] : []),
      win.join(local, 'Microsoft', 'WinGet', 'Links'),
      ...programFiles.flatMap((p) => [win.join(p, 'helm'), win.join(p, 'Helm'), win.join(p, 'helm', 'windows-amd64')]),
      win.join(e.home, 'bin'),
    ]);
  }
  const p = path.posix;
  return unique([
    '/opt/homebrew/bin',
    '/usr/local/bin',
    '/home/linuxbrew/.linuxbrew/bin',
    '/usr/bin',
    '/snap/bin',
    p.join(e.home, '.local', 'bin'),
    p.join(e.home, 'bin'),
    p.join(env.ASDF_DATA_DIR ?? p.join(e.home, '.asdf'), 'shims'),
    p.join(env.MISE_DATA_DIR ?? p.join(env.XDG_DATA_HOME ?? p.join(e.home, '.local', 'share'), 'mise'), 'shims'),
  ]);
}

/** The file names a command has on this platform (Windows: with each PATHEXT extension). */
function fileNames(name: string, e: Pick<LocateEnvironment, 'platform' | 'env'>): string[] {
  if (e.platform !== 'win32' || path.win32.extname(name)) return [name];
  const exts = (e.env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean);
  // helm ships as helm.exe: try it first.
  return unique([`${name}.exe`, ...exts.map((x) => name + x.toLowerCase())]);
}

function pathFolders(e: Pick<LocateEnvironment, 'platform' | 'env'>): string[] {
  const raw = e.env.PATH ?? e.env.Path ?? '';
  return raw.split(e.platform === 'win32' ? ';' : ':').filter(Boolean);
}

/**
 * Finds helm. `configured` is the user's `helmHooks.helm.path` (or the CLI's `--helm`): a file is used as named
 * (never searched elsewhere: the user chose it); a bare name (the default `helm`) is looked up on PATH and then in
 * the installers' folders.
 */
export function locateHelm(configured: string | undefined, e: LocateEnvironment = hostEnvironment()): HelmLocation {
  const name = configured?.trim() || 'helm';
  const join = e.platform === 'win32' ? path.win32.join : path.posix.join;
  if (namesAFile(name)) {
    const candidates = e.platform === 'win32' && !path.win32.extname(name) ? [name, `${name}.exe`] : [name];
    return { found: candidates.find((c) => e.isExecutable(c)), searched: candidates };
  }
  const searched: string[] = [];
  for (const folder of unique([...pathFolders(e), ...installerFolders(e)])) {
    for (const file of fileNames(name, e)) {
      const candidate = join(folder, file);
      searched.push(candidate);
      if (e.isExecutable(candidate)) return { found: candidate, searched };
    }
  }
  return { searched };
}

/** The folders looked in, for a message: PATH first, then the installers' folders not already on it. */
export function searchedFolders(location: HelmLocation, platform: NodeJS.Platform): string[] {
  const dirname = platform === 'win32' ? path.win32.dirname : path.posix.dirname;
  return unique(location.searched.map((f) => dirname(f)));
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
