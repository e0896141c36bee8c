/**
 * Charts generated for the benchmark: written to a temporary folder, rendered by real Helm as well as read by us,
 * so every template is valid Go template text that Helm renders without a cluster.
 */
import * as fs from 'fs';
import * as path from 'path';

const EVENTS = ['pre-install', 'post-install', 'pre-upgrade', 'post-upgrade', 'pre-delete', 'post-delete', 'pre-rollback', 'post-rollback', 'test'];

function chartSkeleton(dir: string, name: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`);
  fs.writeFileSync(
    path.join(dir, 'values.yaml'),
    ['image: alpine:3.20', 'enabled: true', 'replicas: 2', 'env:', '  LOG_LEVEL: info', '  MODE: batch', 'resources:', '  limits:', '    cpu: 100m', ''].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'templates', '_helpers.tpl'),
    [
      '{{- define "gen.name" -}}{{ .Release.Name }}-gen{{- end }}',
      '{{- define "gen.labels" -}}',
      'app.kubernetes.io/name: {{ include "gen.name" . }}',
      'app.kubernetes.io/instance: {{ .Release.Name }}',
      '{{- end }}',
      '',
    ].join('\n'),
  );
}

/** A hook Job of about 30 lines, with the Go template constructs real charts use around hooks. */
function hookJob(id: string, event: string, weight: number): string {
  return `{{- if .Values.enabled }}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "gen.name" . }}-${id}
  labels:
    {{- include "gen.labels" . | nindent 4 }}
  annotations:
    "helm.sh/hook": ${event}
    "helm.sh/hook-weight": "${weight}"
    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded
spec:
  backoffLimit: 1
  template:
    metadata:
      labels:
        job: ${id}
    spec:
      restartPolicy: Never
      containers:
        - name: job
          image: {{ .Values.image }}
          command: ["/bin/sh", "-c", "echo ${id}"]
          env:
          {{- range $k, $v := .Values.env }}
            - name: {{ $k }}
              value: {{ $v | quote }}
          {{- end }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
{{- end }}
`;
}

function deployment(id: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "gen.name" . }}-${id}
  labels:
    {{- include "gen.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicas | default 1 }}
  selector:
    matchLabels:
      app: ${id}
  template:
    metadata:
      labels:
        app: ${id}
    spec:
      containers:
        - name: app
          image: {{ .Values.image }}
          ports:
            - containerPort: 8080
`;
}

/** `templates` files of three hooks and one Deployment each: 1,000 templates make 3,000 hooks. */
export function generateManyTemplates(dir: string, templates: number): { dir: string; hooks: number; bytes: number } {
  chartSkeleton(dir, 'many-templates');
  let bytes = 0;
  for (let i = 0; i < templates; i++) {
    const docs = [0, 1, 2].map((k) => hookJob(`t${i}-h${k}`, EVENTS[(i + k) % EVENTS.length], ((i * 3 + k) % 11) - 5));
    docs.push(deployment(`t${i}-app`));
    const text = docs.join('---\n');
    bytes += text.length;
    fs.writeFileSync(path.join(dir, 'templates', `t${String(i).padStart(4, '0')}.yaml`), text);
  }
  return { dir, hooks: templates * 3, bytes };
}

/** One template file of about `lines` lines: hook Jobs and Deployments alternating. */
export function generateLongTemplate(dir: string, lines: number): { dir: string; file: string; hooks: number; lines: number } {
  chartSkeleton(dir, 'long-template');
  const parts: string[] = [];
  let count = 0;
  let hooks = 0;
  for (let i = 0; count < lines; i++) {
    const doc = i % 2 === 0 ? hookJob(`h${i}`, EVENTS[i % EVENTS.length], (i % 11) - 5) : deployment(`d${i}`);
    if (i % 2 === 0) hooks++;
    parts.push(doc);
    count += doc.split('\n').length;
  }
  const text = parts.join('---\n');
  const file = path.join(dir, 'templates', 'everything.yaml');
  fs.writeFileSync(file, text);
  return { dir, file, hooks, lines: text.split('\n').length };
}
