{{/* Names, labels and the environment both Deployments share. */}}

{{- define "modelport.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "modelport.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "modelport.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "modelport.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "modelport.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "modelport.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component (web or worker): call with (dict "root" $ "component" "web"). */}}
{{- define "modelport.selectorLabels" -}}
app.kubernetes.io/name: {{ include "modelport.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "modelport.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "modelport.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Cluster-scoped names carry the namespace: releases of the same name in two namespaces must not share a role. */}}
{{- define "modelport.clusterRoleName" -}}
{{- printf "%s-%s" .Release.Namespace (include "modelport.fullname" .) | trunc 253 -}}
{{- end -}}

{{- define "modelport.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "modelport.publicUrl" -}}
{{- if .Values.publicUrl -}}
{{- .Values.publicUrl -}}
{{- else if .Values.ingress.enabled -}}
{{- printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) .Values.ingress.host -}}
{{- end -}}
{{- end -}}

{{/*
Every secret setting as YAML: its variable, the value given here and the existing Secret and key that win over it.
The chart's Secret holds the values; the pods' env refers to one or the other. Read with fromYaml.
*/}}
{{- define "modelport.secretSettings" -}}
{{- $v := .Values -}}
settings:
  - {env: DATABASE_URL, value: {{ $v.database.url | toJson }}, secret: {{ $v.database.existingSecret | toJson }}, key: {{ $v.database.secretKeys.url | toJson }}}
  - {env: NEXTAUTH_SECRET, value: {{ $v.auth.nextauthSecret | toJson }}, secret: {{ $v.auth.existingSecret | toJson }}, key: {{ $v.auth.secretKeys.nextauthSecret | toJson }}}
  - {env: MODELPORT_ADMIN_TOKEN, value: {{ $v.auth.adminToken | toJson }}, secret: {{ $v.auth.existingSecret | toJson }}, key: {{ $v.auth.secretKeys.adminToken | toJson }}, optional: true}
  - {env: MODELPORT_DEV_PASSWORD, value: {{ $v.auth.devPassword | toJson }}, secret: {{ $v.auth.existingSecret | toJson }}, key: {{ $v.auth.secretKeys.devPassword | toJson }}, optional: true}
  - {env: KEYCLOAK_CLIENT_SECRET, value: {{ $v.keycloak.clientSecret | toJson }}, secret: {{ $v.keycloak.existingSecret | toJson }}, key: {{ $v.keycloak.secretKeys.clientSecret | toJson }}}
  - {env: REDIS_URL, value: {{ $v.redis.url | toJson }}, secret: {{ $v.redis.existingSecret | toJson }}, key: {{ $v.redis.secretKeys.url | toJson }}}
  - {env: S3_ACCESS_KEY_ID, value: {{ $v.s3.accessKeyId | toJson }}, secret: {{ $v.s3.existingSecret | toJson }}, key: {{ $v.s3.secretKeys.accessKeyId | toJson }}, optional: true}
  - {env: S3_SECRET_ACCESS_KEY, value: {{ $v.s3.secretAccessKey | toJson }}, secret: {{ $v.s3.existingSecret | toJson }}, key: {{ $v.s3.secretKeys.secretAccessKey | toJson }}, optional: true}
  - {env: MLFLOW_TRACKING_TOKEN, value: {{ $v.mlflow.token | toJson }}, secret: {{ $v.mlflow.existingSecret | toJson }}, key: {{ $v.mlflow.secretKeys.token | toJson }}, optional: true}
  - {env: MLFLOW_TRACKING_USERNAME, value: {{ $v.mlflow.username | toJson }}, secret: {{ $v.mlflow.existingSecret | toJson }}, key: {{ $v.mlflow.secretKeys.username | toJson }}, optional: true}
  - {env: MLFLOW_TRACKING_PASSWORD, value: {{ $v.mlflow.password | toJson }}, secret: {{ $v.mlflow.existingSecret | toJson }}, key: {{ $v.mlflow.secretKeys.password | toJson }}, optional: true}
  - {env: OPENBAO_TOKEN, value: {{ $v.openbao.token | toJson }}, secret: {{ $v.openbao.existingSecret | toJson }}, key: {{ $v.openbao.secretKeys.token | toJson }}, optional: true}
  - {env: HUGGINGFACE_API_TOKEN, value: {{ $v.huggingFace.token | toJson }}, secret: {{ $v.huggingFace.existingSecret | toJson }}, key: {{ $v.huggingFace.secretKeys.token | toJson }}, optional: true}
  - {env: LITELLM_MASTER_KEY, value: {{ $v.litellm.masterKey | toJson }}, secret: {{ $v.litellm.existingSecret | toJson }}, key: {{ $v.litellm.secretKeys.masterKey | toJson }}, optional: true}
  - {env: NOTIFY_WEBHOOK_URL, value: {{ $v.notifications.webhookUrl | toJson }}, secret: {{ $v.notifications.existingSecret | toJson }}, key: {{ $v.notifications.secretKeys.webhookUrl | toJson }}, optional: true}
  - {env: SLACK_WEBHOOK_URL, value: {{ $v.notifications.slackWebhookUrl | toJson }}, secret: {{ $v.notifications.existingSecret | toJson }}, key: {{ $v.notifications.secretKeys.slackWebhookUrl | toJson }}, optional: true}
  - {env: METRICS_TOKEN, value: {{ $v.metrics.token | toJson }}, secret: {{ $v.metrics.existingSecret | toJson }}, key: {{ $v.metrics.secretKeys.token | toJson }}, optional: true}
{{- end -}}

{{/* The Secret and key a secret setting comes from, or nothing when it is not set: (dict "root" $ "env" "NAME"). */}}
{{- define "modelport.secretRef" -}}
{{- $root := .root -}}
{{- range (include "modelport.secretSettings" $root | fromYaml).settings -}}
{{- if eq .env $.env -}}
{{- if .secret -}}
{name: {{ .secret | toJson }}, key: {{ .key | toJson }}, optional: {{ .optional | default false }}}
{{- else if .value -}}
{name: {{ include "modelport.fullname" $root | toJson }}, key: {{ .env | toJson }}, optional: false}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Refuses values Modelport would refuse at start-up, naming the setting to change. */}}
{{- define "modelport.validate" -}}
{{- if not (or .Values.database.url .Values.database.existingSecret) -}}
{{- fail "database.url or database.existingSecret is required: web and worker pods share PostgreSQL (DATABASE_URL)" -}}
{{- end -}}
{{- if not (or .Values.auth.nextauthSecret .Values.auth.existingSecret) -}}
{{- fail "auth.nextauthSecret or auth.existingSecret is required: NEXTAUTH_SECRET must be the same on every replica (openssl rand -base64 32)" -}}
{{- end -}}
{{- if and .Values.auth.nextauthSecret (lt (len .Values.auth.nextauthSecret) 32) -}}
{{- fail "auth.nextauthSecret must be at least 32 characters (openssl rand -base64 32)" -}}
{{- end -}}
{{- if and .Values.auth.adminToken (lt (len .Values.auth.adminToken) 32) -}}
{{- fail "auth.adminToken must be at least 32 characters (openssl rand -hex 24)" -}}
{{- end -}}
{{- if and .Values.metrics.token (lt (len .Values.metrics.token) 32) -}}
{{- fail "metrics.token must be at least 32 characters (openssl rand -hex 24)" -}}
{{- end -}}
{{- $kc := .Values.keycloak -}}
{{- $keycloak := and $kc.issuer $kc.clientId (or $kc.clientSecret $kc.existingSecret) -}}
{{- if and (or $kc.issuer $kc.clientSecret $kc.existingSecret) (not $keycloak) -}}
{{- fail "keycloak.issuer, keycloak.clientId and keycloak.clientSecret (or keycloak.existingSecret) go together: Modelport wants all three KEYCLOAK_* variables or none" -}}
{{- end -}}
{{- if and (not $keycloak) (not .Values.auth.allowDevIdentity) -}}
{{- fail "keycloak.issuer, keycloak.clientId and keycloak.clientSecret (or keycloak.existingSecret) are required on a cluster; set auth.allowDevIdentity=true to use the development users for a trial" -}}
{{- end -}}
{{- if and (eq .Values.artifactStore "s3") (not .Values.s3.bucket) -}}
{{- fail "artifactStore s3 needs s3.bucket" -}}
{{- end -}}
{{- if and (eq .Values.artifactStore "pvc") (not .Values.weights.enabled) -}}
{{- fail "artifactStore pvc needs weights.enabled: the weights volume must be mounted in the pods" -}}
{{- end -}}
{{- end -}}

{{/* The pod spec's environment, after envFrom the ConfigMap: the role and the secret settings. (dict "root" $ "role" "web") */}}
{{- define "modelport.env" -}}
- name: MODELPORT_ROLE
  value: {{ .role }}
{{- range (include "modelport.secretSettings" .root | fromYaml).settings }}
{{- $ref := include "modelport.secretRef" (dict "root" $.root "env" .env) }}
{{- if $ref }}
- name: {{ .env }}
  valueFrom:
    secretKeyRef: {{ $ref }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Volumes both Deployments mount: the data directory, /tmp, Next's cache, the weights claim and extra volumes. */}}
{{- define "modelport.volumes" -}}
- name: data
  emptyDir: {}
- name: tmp
  emptyDir: {}
- name: next-cache
  emptyDir: {}
{{- if .Values.weights.enabled }}
- name: weights
  persistentVolumeClaim:
    claimName: {{ .Values.weights.claimName }}
{{- end }}
{{- with .Values.extraVolumes }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "modelport.volumeMounts" -}}
- name: data
  mountPath: /var/lib/modelport
- name: tmp
  mountPath: /tmp
- name: next-cache
  mountPath: /app/.next/cache
{{- if .Values.weights.enabled }}
- name: weights
  mountPath: /var/lib/modelport-weights
{{- end }}
{{- with .Values.extraVolumeMounts }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The probes of both Deployments: /api/healthz (alive) and /api/readyz (database and cluster answer). */}}
{{- define "modelport.probes" -}}
startupProbe:
  httpGet:
    path: /api/healthz
    port: http
  periodSeconds: 5
  failureThreshold: 36
livenessProbe:
  httpGet:
    path: /api/healthz
    port: http
  periodSeconds: 10
  timeoutSeconds: 5
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /api/readyz
    port: http
  periodSeconds: 10
  timeoutSeconds: 5
  failureThreshold: 3
{{- end -}}
