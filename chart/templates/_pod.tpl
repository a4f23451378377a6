{{/*
The pod template web and worker Deployments share; they differ in role, sizing and scheduling.
Call with (dict "root" $ "component" "web" "role" "web" "pod" .Values.web).
*/}}
{{- define "modelport.podTemplate" -}}
{{- $root := .root -}}
metadata:
  labels:
    {{- include "modelport.selectorLabels" (dict "root" $root "component" .component) | nindent 4 }}
    {{- with .pod.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    # A changed setting or secret rolls the pods.
    checksum/config: {{ include "modelport.config" $root | sha256sum }}
    checksum/secret: {{ include "modelport.secretSettings" $root | sha256sum }}
    {{- with .pod.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "modelport.serviceAccountName" $root }}
  {{- with $root.Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    {{- toYaml $root.Values.podSecurityContext | nindent 4 }}
  terminationGracePeriodSeconds: {{ .pod.terminationGracePeriodSeconds | int }}
  containers:
    - name: {{ .component }}
      image: {{ include "modelport.image" $root }}
      imagePullPolicy: {{ $root.Values.image.pullPolicy }}
      ports:
        - name: http
          containerPort: 3000
          protocol: TCP
      envFrom:
        - configMapRef:
            name: {{ include "modelport.fullname" $root }}
      env:
        {{- include "modelport.env" (dict "root" $root "role" .role) | nindent 8 }}
      {{- include "modelport.probes" $root | nindent 6 }}
      {{- if .pod.preStopSleepSeconds }}
      lifecycle:
        preStop:
          exec:
            command: ["sleep", {{ .pod.preStopSleepSeconds | int | quote }}]
      {{- end }}
      resources:
        {{- toYaml .pod.resources | nindent 8 }}
      securityContext:
        {{- toYaml $root.Values.securityContext | nindent 8 }}
      volumeMounts:
        {{- include "modelport.volumeMounts" $root | nindent 8 }}
  volumes:
    {{- include "modelport.volumes" $root | nindent 4 }}
  {{- with .pod.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .pod.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .pod.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .pod.topologySpreadConstraints }}
  topologySpreadConstraints:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
