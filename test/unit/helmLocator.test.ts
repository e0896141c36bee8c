/**
 * Where helm is looked for: PATH first, then where the usual installers put it, on each platform; a file the user
 * named is used as named. A fake machine (the files that exist) stands in for the disk.
 */
import * as assert from 'assert';
import { installerFolders, locateHelm, searchedFolders, type LocateEnvironment } from '../../server/src/helm/helmLocator';

function machine(platform: NodeJS.Platform, files: string[], env: NodeJS.ProcessEnv = {}, home = platform === 'win32' ? 'C:\\Users\\ann' : '/home/ann'): LocateEnvironment {
  const present = new Set(files);
  return { platform, env, home, isExecutable: (f) => present.has(f) };
}

describe('helm lookup', () => {
  it('finds helm on PATH first', () => {
    const m = machine('linux', ['/opt/tools/helm', '/usr/local/bin/helm'], { PATH: '/usr/bin:/opt/tools' });
    assert.strictEqual(locateHelm(undefined, m).found, '/opt/tools/helm');
  });

  it('an editor with a short PATH still finds Homebrew’s helm on macOS', () => {
    const m = machine('darwin', ['/opt/homebrew/bin/helm'], { PATH: '/usr/bin:/bin' });
    assert.strictEqual(locateHelm('helm', m).found, '/opt/homebrew/bin/helm');
  });

  it('looks in ~/.local/bin, ~/bin, /snap/bin and the asdf and mise shims', () => {
    for (const file of ['/home/ann/.local/bin/helm', '/home/ann/bin/helm', '/snap/bin/helm', '/home/ann/.asdf/shims/helm', '/home/ann/.local/share/mise/shims/helm']) {
      assert.strictEqual(locateHelm(undefined, machine('linux', [file], { PATH: '/usr/bin' })).found, file);
    }
    const custom = machine('linux', ['/data/asdf/shims/helm'], { PATH: '', ASDF_DATA_DIR: '/data/asdf' });
    assert.strictEqual(locateHelm(undefined, custom).found, '/data/asdf/shims/helm');
  });

  it('on Windows: helm.exe on PATH, then Chocolatey, Scoop, winget links and Program Files', () => {
    const env = { Path: 'C:\\Windows\\System32', LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local', ProgramFiles: 'C:\\Program Files' };
    const cases = [
      'C:\\ProgramData\\chocolatey\\bin\\helm.exe',
      'C:\\Users\\ann\\scoop\\shims\\helm.exe',
      'C:\\Users\\ann\\AppData\\Local\\Microsoft\\WinGet\\Links\\helm.exe',
      'C:\\Program Files\\helm\\helm.exe',
    ];
    for (const file of cases) assert.strictEqual(locateHelm(undefined, machine('win32', [file], env)).found, file);
    assert.strictEqual(locateHelm(undefined, machine('win32', ['C:\\tools\\helm.exe'], { Path: 'C:\\tools' })).found, 'C:\\tools\\helm.exe');
  });

  it('a file the user named is used as named, and not replaced by another helm', () => {
    const m = machine('linux', ['/usr/local/bin/helm'], { PATH: '/usr/local/bin' });
    assert.deepStrictEqual(locateHelm('/opt/helm-4/helm', m), { found: undefined, searched: ['/opt/helm-4/helm'] });
    assert.strictEqual(locateHelm(' /usr/local/bin/helm ', m).found, '/usr/local/bin/helm');
  });

  it('nothing found: says where it looked, PATH first', () => {
    const m = machine('linux', [], { PATH: '/usr/bin:/opt/x' });
    const where = locateHelm(undefined, m);
    assert.strictEqual(where.found, undefined);
    const folders = searchedFolders(where, 'linux');
    assert.deepStrictEqual(folders.slice(0, 3), ['/usr/bin', '/opt/x', '/opt/homebrew/bin']);
    assert.ok(folders.includes('/snap/bin'));
    assert.strictEqual(new Set(folders).size, folders.length, 'each folder once');
  });

  it('the installers’ folders of each platform', () => {
    assert.deepStrictEqual(installerFolders({ platform: 'linux', env: {}, home: '/h' }), [
      '/opt/homebrew/bin',
      '/usr/local/bin',
      '/home/linuxbrew/.linuxbrew/bin',
      '/usr/bin',
      '/snap/bin',
      '/h/.local/bin',
      '/h/bin',
      '/h/.asdf/shims',
      '/h/.local/share/mise/shims',
    ]);
    assert.ok(installerFolders({ platform: 'win32', env: { SCOOP: 'D:\\scoop' }, home: 'C:\\Users\\a' }).includes('D:\\scoop\\shims'));
  });
});
