{{/* The release's full name: the release name, or release-chart when it does not contain the chart name. */}}
{{- define "picket-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels that select the operator's pods. */}}
{{- define "picket-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of every object of the release. */}}
{{- define "picket-operator.labels" -}}
{{ include "picket-operator.selectorLabels" . }}
app.kubernetes.io/part-of: picket
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* The operator's service account. */}}
{{- define "picket-operator.serviceAccountName" -}}
{{- default (include "picket-operator.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{/* The image: repository:tag, or repository:tag@digest when a digest is given. */}}
{{- define "picket-operator.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag -}}
{{- if .Values.image.digest -}}
{{- printf "%s:%s@%s" .Values.image.repository $tag .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* The report store's claim. */}}
{{- define "picket-operator.storeClaim" -}}
{{- default (printf "%s-store" (include "picket-operator.fullname" .)) .Values.persistence.existingClaim -}}
{{- end -}}
