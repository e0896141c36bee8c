/**
 * A tiny chart held in memory, rendered by a fresh render worker while it waits for its first job: the renderer's
 * lexer, parser, executor, common Sprig functions, YAML reading and hook reading run once (V8 compiles them) before a
 * real chart needs them, so the first order of the chart a user opens does not pay for that. Nothing of it is ever
 * shown; it reads no disk.
 */
import type { ChartFileSystem, DirEntry } from '../engine/render/chartFiles';

export const WARM_CHART_ROOT = '/helm-hooks-warm-up/chart';

const FILES: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: warm\nversion: 0.1.0\nappVersion: "1.0"\n',
  'values.yaml': [
    'image:',
    '  repository: example/app',
    '  tag: ""',
    'migrate:',
    '  enabled: true',
    '  weight: -5',
    '  annotations:',
    '    example.com/owner: team',
    'labels:',
    '  tier: backend',
    'replicas: 2',
    'ports: [80, 443]',
    '',
  ].join('\n'),
  'templates/_helpers.tpl': [
    '{{/* Names, as most charts build them. */}}',
    '{{- define "warm.fullname" -}}',
    '{{- if contains .Chart.Name .Release.Name }}{{ .Release.Name | trunc 63 | trimSuffix "-" }}',
    '{{- else }}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}{{- end }}',
    '{{- end }}',
    '{{- define "warm.labels" -}}',
    'app.kubernetes.io/name: {{ .Chart.Name | quote }}',
    'app.kubernetes.io/instance: {{ .Release.Name }}',
    'helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}',
    '{{- with .Values.labels }}',
    '{{ toYaml . }}',
    '{{- end }}',
    '{{- end }}',
    '{{- define "warm.hook" -}}',
    '"helm.sh/hook": {{ .events | join "," | quote }}',
    '"helm.sh/hook-weight": {{ .weight | default 0 | quote }}',
    '"helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded',
    '{{- end }}',
    '',
  ].join('\n'),
  'templates/deployment.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ include "warm.fullname" . }}',
    '  namespace: {{ .Release.Namespace }}',
    '  labels:',
    '    {{- include "warm.labels" . | nindent 4 }}',
    'spec:',
    '  replicas: {{ .Values.replicas }}',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
    '          ports:',
    '            {{- range $i, $p := .Values.ports }}',
    '            - containerPort: {{ $p }}',
    '              name: {{ printf "p%d" $i }}',
    '            {{- end }}',
    '',
  ].join('\n'),
  'templates/migrate-job.yaml': [
    '{{- if .Values.migrate.enabled }}',
    '{{- $ctx := dict "events" (list "pre-install" "pre-upgrade") "weight" .Values.migrate.weight }}',
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: {{ include "warm.fullname" . }}-migrate',
    '  annotations:',
    '    {{- include "warm.hook" $ctx | nindent 4 }}',
    '    {{- with .Values.migrate.annotations }}{{ toYaml . | nindent 4 }}{{ end }}',
    '  labels: {{- include "warm.labels" . | nindent 4 }}',
    'spec:',
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
    '      containers:',
    '        - name: migrate',
    '          image: {{ tpl "{{ .Values.image.repository }}" . }}',
    '          args: {{ toJson (list "migrate" (upper "now") (b64enc "x")) }}',
    '{{- end }}',
    '',
  ].join('\n'),
  'templates/NOTES.txt': 'Installed {{ .Release.Name }}.\n',
};

/** The warm-up chart's files, read-only, under WARM_CHART_ROOT. */
export const warmChartFileSystem: ChartFileSystem = {
  readText(path: string): string | undefined {
    if (!path.startsWith(WARM_CHART_ROOT + '/')) return undefined;
    return FILES[path.slice(WARM_CHART_ROOT.length + 1)];
  },
  readBytes(path: string): Uint8Array | undefined {
    const text = this.readText(path);
    return text === undefined ? undefined : new TextEncoder().encode(text);
  },
  listDir(path: string): DirEntry[] | undefined {
    const prefix = path === WARM_CHART_ROOT ? '' : path.startsWith(WARM_CHART_ROOT + '/') ? path.slice(WARM_CHART_ROOT.length + 1) + '/' : undefined;
    if (prefix === undefined) return undefined;
    const out = new Map<string, DirEntry['kind']>();
    for (const name of Object.keys(FILES)) {
      if (!name.startsWith(prefix)) continue;
      const rest = name.slice(prefix.length);
      const slash = rest.indexOf('/');
      out.set(slash < 0 ? rest : rest.slice(0, slash), slash < 0 ? 'file' : 'dir');
    }
    if (out.size === 0 && prefix !== '') return undefined;
    return [...out].map(([name, kind]) => ({ name, kind }));
  },
};
