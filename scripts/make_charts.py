#!/usr/bin/env python3
"""Builds charts/python-time-app and charts/scala-time-app the way the lab did: `helm create` (real helm, pinned
v4.3.1), then the Deployment turned into a StatefulSet with volumeClaimTemplates and the lab's values.
Re-run after changing this script; the charts are committed, so nothing needs helm at build time.
Usage: scripts/make_charts.py [--helm PATH]"""
import argparse, os, re, shutil, subprocess, sys, tempfile

HELM_VERSION = "v4.3.1"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

STATEFULSET = """apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ include "CHART.fullname" . }}
  labels:
    {{- include "CHART.labels" . | nindent 4 }}
spec:
  serviceName: {{ include "CHART.serviceName" . }}
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  {{- with .Values.podManagementPolicy }}
  podManagementPolicy: {{ . }}
  {{- end }}
  {{- with .Values.updateStrategy }}
  updateStrategy:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.minReadySeconds }}
  minReadySeconds: {{ . }}
  {{- end }}
  {{- with .Values.persistentVolumeClaimRetentionPolicy }}
  persistentVolumeClaimRetentionPolicy:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.ordinals }}
  ordinals:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "CHART.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      {{- with .Values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      labels:
        {{- include "CHART.labels" . | nindent 8 }}
        {{- with .Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- with .Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      serviceAccountName: {{ include "CHART.serviceAccountName" . }}
      {{- with .Values.podSecurityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.terminationGracePeriodSeconds }}
      terminationGracePeriodSeconds: {{ . }}
      {{- end }}
      containers:
        - name: {{ .Chart.Name }}
          {{- with .Values.securityContext }}
          securityContext:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          {{- with .Values.env }}
          env:
            {{- range $name, $value := . }}
            - name: {{ $name }}
              value: {{ $value | toString | quote }}
            {{- end }}
          {{- end }}
          ports:
            - name: http
              containerPort: {{ .Values.containerPort }}
              protocol: TCP
          {{- with .Values.livenessProbe }}
          livenessProbe:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- with .Values.readinessProbe }}
          readinessProbe:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- with .Values.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- if or .Values.persistence.enabled .Values.volumeMounts }}
          volumeMounts:
            {{- if .Values.persistence.enabled }}
            - name: {{ .Values.persistence.name }}
              mountPath: {{ .Values.persistence.mountPath }}
            {{- end }}
            {{- with .Values.volumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- end }}
      {{- with .Values.volumes }}
      volumes:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
  {{- if .Values.persistence.enabled }}
  volumeClaimTemplates:
    - metadata:
        name: {{ .Values.persistence.name }}
      spec:
        accessModes:
          {{- toYaml .Values.persistence.accessModes | nindent 10 }}
        {{- with .Values.persistence.storageClass }}
        storageClassName: {{ . }}
        {{- end }}
        resources:
          requests:
            storage: {{ .Values.persistence.size }}
  {{- end }}
"""

HEADLESS = """{{- if .Values.headlessService.enabled }}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "CHART.fullname" . }}-headless
  labels:
    {{- include "CHART.labels" . | nindent 4 }}
spec:
  clusterIP: None
  {{- with .Values.headlessService.publishNotReadyAddresses }}
  publishNotReadyAddresses: {{ . }}
  {{- end }}
  ports:
    - port: {{ .Values.service.port }}
      targetPort: http
      protocol: TCP
      name: http
  selector:
    {{- include "CHART.selectorLabels" . | nindent 4 }}
{{- end }}
"""

SERVICE_NAME_HELPER = """
{{/*
The governing Service of the StatefulSet (its pods' DNS subdomain): the chart's Service, as in the lab, or the
headless one when headlessService.enabled.
*/}}
{{- define "CHART.serviceName" -}}
{{- if .Values.headlessService.enabled }}
{{- printf "%s-headless" (include "CHART.fullname" .) }}
{{- else }}
{{- include "CHART.fullname" . }}
{{- end }}
{{- end }}
"""

def values_yaml(stock, app):
    v = stock
    v = v.replace("replicaCount: 1\n", f"replicaCount: {app['replicas']}\n")
    v = v.replace("# This will set the replicaset count more information can be found here: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/",
                  "# How many pods the StatefulSet runs (NAME-0, NAME-1, ...), each with its own PersistentVolumeClaim.\n# More information: https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/")
    v = v.replace("  repository: nginx\n", f"  repository: {app['image']}\n")
    stateful = f"""
# The port the lab's {app['server']} listens on inside the container.
containerPort: {app['port']}

# Environment variables for the app container, name: value.
env: {{}}
  # TZ: Europe/Moscow

# The StatefulSet's own settings. Each is passed straight through to the StatefulSet spec when set.
# More information: https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
# OrderedReady (the default: pods start one at a time, in order) or Parallel (all at once).
podManagementPolicy: ""
# How pods are replaced when the template changes, e.g.
#   type: RollingUpdate
#   rollingUpdate:
#     partition: 1    # only pods with an ordinal >= 1 are updated
# or type: OnDelete (pods are replaced only when you delete them).
updateStrategy: {{}}
# Seconds a new pod must be Ready before it counts as available.
minReadySeconds: 0
# Whether PVCs are deleted with the StatefulSet or when it scales down (Retain or Delete), e.g.
#   whenDeleted: Retain
#   whenScaled: Delete
persistentVolumeClaimRetentionPolicy: {{}}
# Seconds a pod gets to shut down after SIGTERM (unset: Kubernetes' default of 30).
terminationGracePeriodSeconds: null
# The first ordinal, e.g. start: 1 names the pods NAME-1, NAME-2, ...
ordinals: {{}}

# One PersistentVolumeClaim per pod, from the StatefulSet's volumeClaimTemplates, named
# NAME-RELEASE-CHART-ORDINAL (e.g. {app['pvc']}-0) and mounted where the app keeps its data.
persistence:
  enabled: true
  name: {app['data']}
  size: 1Gi
  accessModes:
    - ReadWriteOnce
  storageClass: standard
  mountPath: /app/data

# A second, headless Service (clusterIP: None) named FULLNAME-headless to govern the StatefulSet instead of the
# chart's ClusterIP Service. The lab used the ClusterIP Service; CoreDNS resolves POD.SERVICE names for either.
headlessService:
  enabled: false
  # Publish DNS records for pods that are not Ready yet.
  publishNotReadyAddresses: false
"""
    v = v.replace("\n# This is for the secrets for pulling an image", stateful + "\n# This is for the secrets for pulling an image", 1)
    probes = "livenessProbe:\n  httpGet:\n    path: /\n    port: http\nreadinessProbe:\n  httpGet:\n    path: /\n    port: http\n"
    assert probes in v
    if app["delay"]:
        d = app["delay"]
        v = v.replace(probes, f"""# The JVM needs a while to start: without a delay the liveness probe would restart it before it listens.
livenessProbe:
  httpGet:
    path: /
    port: http
  initialDelaySeconds: {d}
  periodSeconds: 10
readinessProbe:
  httpGet:
    path: /
    port: http
  initialDelaySeconds: {d}
  periodSeconds: 5
""")
    v = v.replace("# Additional volumes on the output Deployment definition.", "# Additional volumes on the output StatefulSet definition.")
    v = v.replace("# Additional volumeMounts on the output Deployment definition.", "# Additional volumeMounts on the output StatefulSet definition.")
    return v

APPS = {
    "python-time-app": dict(replicas=2, image="python-time-app", port=5000, server="Flask app", portdesc="5000",
                            data="python-data", pvc="python-data-python-stateful-python-time-app", delay=0,
                            desc="The lab's Python time app (Flask) as a StatefulSet, with one PersistentVolumeClaim per pod for its visits counter."),
    "scala-time-app": dict(replicas=1, image="scala-time-app", port=8080, server="JVM HTTP server", portdesc="8080",
                           data="scala-data", pvc="scala-data-scala-stateful-scala-time-app", delay=20,
                           desc="The lab's Scala time app (JVM, slow to start) as a StatefulSet, with one PersistentVolumeClaim per pod for its visits counter."),
}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--helm", default="/work/tools/bin/helm/helm")
    a = ap.parse_args()
    ver = subprocess.run([a.helm, "version", "--template", "{{.Version}}"], capture_output=True, text=True).stdout.strip()
    if ver != HELM_VERSION:
        sys.exit(f"need helm {HELM_VERSION}, found {ver!r}")
    for name, app in APPS.items():
        tmp = tempfile.mkdtemp()
        subprocess.run([a.helm, "create", name], cwd=tmp, check=True, capture_output=True)
        src = os.path.join(tmp, name)
        dst = os.path.join(ROOT, "charts", name)
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(src, dst)
        shutil.rmtree(os.path.join(dst, "charts"), ignore_errors=True)
        os.remove(os.path.join(dst, "templates", "deployment.yaml"))
        t = os.path.join(dst, "templates")
        open(os.path.join(t, "statefulset.yaml"), "w").write(STATEFULSET.replace("CHART", name))
        open(os.path.join(t, "service-headless.yaml"), "w").write(HEADLESS.replace("CHART", name))
        with open(os.path.join(t, "_helpers.tpl"), "a") as f:
            f.write(SERVICE_NAME_HELPER.replace("CHART", name))
        hpa = open(os.path.join(t, "hpa.yaml")).read().replace("kind: Deployment", "kind: StatefulSet")
        open(os.path.join(t, "hpa.yaml"), "w").write(hpa)
        chart = open(os.path.join(dst, "Chart.yaml")).read()
        chart = chart.replace("description: A Helm chart for Kubernetes", f"description: {app['desc']}")
        chart = chart.replace('appVersion: "1.16.0"', 'appVersion: "1.0.0"')
        open(os.path.join(dst, "Chart.yaml"), "w").write(chart)
        values = values_yaml(open(os.path.join(dst, "values.yaml")).read(), app)
        open(os.path.join(dst, "values.yaml"), "w").write(values)
        open(os.path.join(dst, "README.md"), "w").write(readme(name, app))
        shutil.rmtree(tmp)
        print("wrote", dst)

def readme(name, app):
    rel = "python-stateful" if name.startswith("python") else "scala-stateful"
    return f"""# {name}

{app['desc']}

Made as the lab made it: `helm create {name}` (helm {HELM_VERSION}), then `deployment.yaml` replaced by
`statefulset.yaml` (StatefulSet with `volumeClaimTemplates`), the ClusterIP Service as its `serviceName`, and the
values below. Regenerate with `scripts/make_charts.py`.

    helm install {rel} charts/{name}
    kubectl get po,sts,svc,pvc

gives pods `{rel}-{name}-0`, ..., PVCs `{app['pvc']}-0`, ..., Service `{rel}-{name}`.

## Image

`image.repository: {app['image']}`, tag defaulting to the chart's appVersion (`1.0.0`). It stands for the lab's
{app['server']} (port {app['portdesc']}): `GET /` answers with the current time and increments a counter in `data/visits` (the app's
working directory is `/app`, the volume is mounted at `/app/data`). The playground's simulated cluster recognises the
image by this name. On a real cluster, build and push your own image and set `image.repository`/`image.tag`.

## Values beyond helm create's

| value | default | what it does |
| --- | --- | --- |
| `replicaCount` | `{app['replicas']}` | pods in the StatefulSet |
| `containerPort` | `{app['port']}` | the app's port (the probes and the Service use the port named `http`) |
| `env` | `{{}}` | environment variables for the app |
| `podManagementPolicy` | unset (OrderedReady) | `Parallel` starts and stops all pods at once |
| `updateStrategy` | unset (RollingUpdate) | whole object, e.g. `{{type: RollingUpdate, rollingUpdate: {{partition: 1}}}}` or `{{type: OnDelete}}` |
| `minReadySeconds` | `0` | |
| `persistentVolumeClaimRetentionPolicy` | unset (Retain/Retain) | `whenDeleted`/`whenScaled`: `Retain` or `Delete` |
| `terminationGracePeriodSeconds` | unset (30) | |
| `ordinals` | unset | e.g. `{{start: 1}}` |
| `persistence.*` | enabled, `{app['data']}`, 1Gi, RWO, `standard`, `/app/data` | the volumeClaimTemplate |
| `headlessService.enabled` | `false` | add `FULLNAME-headless` (clusterIP: None) and govern the StatefulSet with it |
"""

if __name__ == "__main__":
    main()
