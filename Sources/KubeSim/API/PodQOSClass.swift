import KubernetesModel

/// A Pod's quality-of-service class, which the API server sets on create and the kubelet keeps.
enum PodQOSClass {
    /// `BestEffort` without any cpu or memory request or limit; `Guaranteed` when every
    /// container limits both and requests what it limits (an unset request defaults to the
    /// limit); otherwise `Burstable`. Quantities are compared as written.
    static func of(_ spec: JSONValue?) -> String {
        let containers = (spec?["containers"]?.arrayValue ?? []) + (spec?["initContainers"]?.arrayValue ?? [])
        let resources = ["cpu", "memory"]
        var anySet = false
        var guaranteed = !containers.isEmpty
        for container in containers {
            let requests = container["resources"]?["requests"]
            let limits = container["resources"]?["limits"]
            for resource in resources {
                let request = requests?[resource], limit = limits?[resource]
                if request != nil || limit != nil { anySet = true }
                if limit == nil || (request != nil && request != limit) { guaranteed = false }
            }
        }
        if !anySet { return "BestEffort" }
        return guaranteed ? "Guaranteed" : "Burstable"
    }
}
