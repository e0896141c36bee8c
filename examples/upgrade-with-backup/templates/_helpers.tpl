{{/*
Expand the name of the chart.
*/}}
{{- define "upgrade-with-backup.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name.
*/}}
{{- define "upgrade-with-backup.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version as used by the chart label.
*/}}
{{- define "upgrade-with-backup.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels.
*/}}
{{- define "upgrade-with-backup.labels" -}}
helm.sh/chart: {{ include "upgrade-with-backup.chart" . }}
{{ include "upgrade-with-backup.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels.
*/}}
{{- define "upgrade-with-backup.selectorLabels" -}}
app.kubernetes.io/name: {{ include "upgrade-with-backup.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Labels for hook resources: the common labels plus the hook's role.
Usage: {{ include "upgrade-with-backup.hookLabels" (list . "backup") }}
*/}}
{{- define "upgrade-with-backup.hookLabels" -}}
{{- $root := index . 0 }}
{{ include "upgrade-with-backup.labels" $root }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{/*
The image every hook Job uses.
*/}}
{{- define "upgrade-with-backup.hookImage" -}}
{{ .Values.hookImage.repository }}:{{ .Values.hookImage.tag }}
{{- end }}

{{/*
Base URL of the shop's Service, as seen from inside the namespace.
*/}}
{{- define "upgrade-with-backup.serviceUrl" -}}
http://{{ include "upgrade-with-backup.fullname" . }}:{{ .Values.service.port }}
{{- end }}
