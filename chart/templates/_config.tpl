{{/* The settings the chart keeps in its ConfigMap, one variable of lib/config.ts a line (secret ones: _helpers.tpl). */}}
{{- define "modelport.config" -}}
HOSTNAME: {{ .Values.listenAddress | quote }}
PORT: "3000"
MODELPORT_CLUSTER: in-cluster
{{- /* Below the emptyDir's root, which kubelet owns: Modelport makes its data directory owner-only (chmod 0700). */}}
MODELPORT_DATA_DIR: /var/lib/modelport/data
LOG_LEVEL: {{ .Values.logLevel | quote }}
{{- with include "modelport.publicUrl" . }}
MODELPORT_PUBLIC_URL: {{ . | quote }}
{{- end }}
TRUSTED_PROXIES: {{ join "," .Values.trustedProxies | quote }}
MODELPORT_DEFAULT_NAMESPACE: {{ .Values.defaultNamespace | quote }}
MODELPORT_SEED_TENANTS: {{ join "," .Values.seedTenants | quote }}
MODELPORT_JOB_CONCURRENCY: {{ .Values.worker.concurrency | int | quote }}
{{- if .Values.keycloak.issuer }}
KEYCLOAK_ISSUER: {{ .Values.keycloak.issuer | quote }}
KEYCLOAK_CLIENT_ID: {{ .Values.keycloak.clientId | quote }}
{{- end }}
{{- with .Values.keycloak.audience }}
OIDC_AUDIENCE: {{ . | quote }}
{{- end }}
OIDC_INTROSPECTION: {{ ternary "1" "0" .Values.keycloak.introspection | quote }}
MODELPORT_ADMIN_ROLE: {{ .Values.keycloak.adminRole | quote }}
MODELPORT_ALLOW_DEV_IDENTITY: {{ ternary "1" "0" .Values.auth.allowDevIdentity | quote }}
RATE_LIMIT_FAILURE_MODE: {{ .Values.redis.failureMode | quote }}
MODELPORT_ARTIFACT_STORE: {{ .Values.artifactStore | quote }}
{{- if .Values.weights.enabled }}
WEIGHTS_STORAGE_PATH: /var/lib/modelport-weights
WEIGHTS_PVC_NAME: {{ .Values.weights.claimName | quote }}
PVC_ALERT_THRESHOLD: {{ .Values.weights.alertThreshold | quote }}
{{- end }}
{{- if .Values.s3.bucket }}
S3_BUCKET: {{ .Values.s3.bucket | quote }}
S3_REGION: {{ .Values.s3.region | quote }}
S3_PREFIX: {{ .Values.s3.prefix | quote }}
{{- with .Values.s3.endpoint }}
S3_ENDPOINT: {{ . | quote }}
{{- end }}
{{- with .Values.s3.forcePathStyle }}
S3_FORCE_PATH_STYLE: {{ . | quote }}
{{- end }}
{{- end }}
{{- with .Values.mlflow.trackingUri }}
MLFLOW_TRACKING_URI: {{ . | quote }}
{{- end }}
{{- if .Values.openbao.address }}
OPENBAO_ADDR: {{ .Values.openbao.address | quote }}
OPENBAO_K8S_MOUNT: {{ .Values.openbao.kubernetesMount | quote }}
{{- with .Values.openbao.namespace }}
OPENBAO_NAMESPACE: {{ . | quote }}
{{- end }}
{{- with .Values.openbao.kubernetesRole }}
OPENBAO_K8S_ROLE: {{ . | quote }}
{{- end }}
{{- with .Values.openbao.tenantPrefix }}
OPENBAO_TENANT_PREFIX: {{ . | quote }}
{{- end }}
{{- end }}
HF_ENDPOINT: {{ .Values.huggingFace.endpoint | quote }}
{{- with .Values.litellm.proxyUrl }}
LITELLM_PROXY_URL: {{ . | quote }}
{{- end }}
KUBEAI_NAMESPACE: {{ .Values.kubeai.namespace | quote }}
KUBEAI_CONFIGMAP: {{ .Values.kubeai.configMap | quote }}
{{- with .Values.kubeai.upstream }}
MODELPORT_UPSTREAM_KUBEAI: {{ . | quote }}
{{- end }}
{{- with .Values.kserve.upstream }}
MODELPORT_UPSTREAM_KSERVE: {{ . | quote }}
{{- end }}
{{- end -}}
