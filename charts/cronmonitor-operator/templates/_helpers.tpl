{{/* The chart name, or nameOverride. */}}
{{- define "cronmonitor-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The prefix of every resource name: fullnameOverride, else <release>-<name>, else the release name
when it already contains the chart name. Truncated to 63 characters (DNS label).
*/}}
{{- define "cronmonitor-operator.fullname" -}}
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

{{/* name-version, for the helm.sh/chart label. */}}
{{- define "cronmonitor-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The labels selecting the operator's pods; never change between upgrades. */}}
{{- define "cronmonitor-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cronmonitor-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The standard labels of every object of the release. */}}
{{- define "cronmonitor-operator.labels" -}}
helm.sh/chart: {{ include "cronmonitor-operator.chart" . }}
{{ include "cronmonitor-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: cronmonitor-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The operator's ServiceAccount name. */}}
{{- define "cronmonitor-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "cronmonitor-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The image reference; the tag defaults to the chart's appVersion. */}}
{{- define "cronmonitor-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* "true" when the operator runs with --leader-elect: asked for, or more than one replica. */}}
{{- define "cronmonitor-operator.leaderElection" -}}
{{- if or .Values.leaderElection.enabled (gt (int .Values.replicaCount) 1) }}true{{ end }}
{{- end }}

{{/*
The operator's permissions, one rule per (API group, resource). Mirrors
config/rbac/role.yaml and OperatorPermissions.rules in the Swift sources; a test compares them.
*/}}
{{- define "cronmonitor-operator.managerRules" -}}
- apiGroups: ["cronmonitor.io"]
  resources: ["cronmonitors"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["cronmonitor.io"]
  resources: ["cronmonitors/status"]
  verbs: ["patch"]
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["delete", "list", "patch", "watch"]
- apiGroups: ["batch"]
  resources: ["cronjobs"]
  verbs: ["list", "watch"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "list", "patch", "watch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "list", "patch", "watch"]
- apiGroups: ["authorization.k8s.io"]
  resources: ["selfsubjectaccessreviews"]
  verbs: ["create"]
{{- end }}
