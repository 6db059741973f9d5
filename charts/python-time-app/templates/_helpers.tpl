{{/*
Expand the name of the chart.
*/}}
{{- define "python-time-app.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
*/}}
{{- define "python-time-app.fullname" -}}
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
Create chart name and version as used by the chart label.
*/}}
{{- define "python-time-app.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels
*/}}
{{- define "python-time-app.labels" -}}
helm.sh/chart: {{ include "python-time-app.chart" . }}
{{ include "python-time-app.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels
*/}}
{{- define "python-time-app.selectorLabels" -}}
app.kubernetes.io/name: {{ include "python-time-app.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Create the name of the service account to use
*/}}
{{- define "python-time-app.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "python-time-app.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The governing Service of the StatefulSet (its pods' DNS subdomain): the chart's Service, as in the lab, or the
headless one when headlessService.enabled.
*/}}
{{- define "python-time-app.serviceName" -}}
{{- if .Values.headlessService.enabled }}
{{- printf "%s-headless" (include "python-time-app.fullname" .) }}
{{- else }}
{{- include "python-time-app.fullname" . }}
{{- end }}
{{- end }}
