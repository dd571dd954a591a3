// KubernetesTestSupport: placeholder until the module lands.
