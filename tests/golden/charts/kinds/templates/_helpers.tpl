{{- define "kinds.name" -}}kinds{{- end }}
