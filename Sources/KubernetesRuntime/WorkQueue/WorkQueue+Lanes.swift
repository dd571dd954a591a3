extension WorkQueue {
    /// The keys ready to be handed out, in two first-in first-out lanes, and the policy that
    /// picks the lane of each hand-out. Pure: no clock, no waiting.
    ///
    /// Live keys go first, but not forever: while an initial key waits, at most `liveBurst` keys
    /// in a row come from the live lane, then the oldest initial key goes. A hand-out from the
    /// initial lane (or an initial lane found empty) starts a new run of live keys. The policy
    /// gives these bounds, counted in hand-outs (calls of `popNext` that return a key), whatever
    /// is added meanwhile and however often:
    ///
    /// - A key queued in the initial lane with `p` initial keys ahead of it is handed out within
    ///   `(liveBurst + 1) × (p + 1)` hand-outs: each run of live keys is at most `liveBurst` long,
    ///   keys queued later go behind it, and a key promoted to the live lane leaves the lane.
    /// - A key queued in the live lane with `q` live keys ahead of it is handed out within
    ///   `q + 2 + q / liveBurst` hand-outs: at most one initial key per `liveBurst` live keys,
    ///   plus one if a run was already full. Up to `liveBurst` live keys queued after an initial
    ///   hand-out all go before the next initial key: without contention, live keys come first.
    /// - So a key re-added after each of its reconciles joins the back of the live lane each time:
    ///   it delays another live key by at most one hand-out, and the initial key with `p` keys
    ///   ahead of it by at most `liveBurst × (p + 1)`. It is never starved either: an initial key
    ///   takes at most one hand-out between two live ones.
    struct Lanes: Sendable {
        /// A key's place in a lane. A promoted key leaves its entry behind in the initial lane;
        /// the ticket number tells that entry stale, also after the key is queued there again.
        private struct Ticket: Sendable {
            var key: Key
            var number: UInt64
        }

        let liveBurst: Int
        private var live = FIFO<Ticket>()
        private var initial = FIFO<Ticket>()
        /// The lane and ticket number of every queued key.
        private var queued: [Key: (lane: Lane, number: UInt64)] = [:]
        private var nextNumber: UInt64 = 0
        /// Keys queued in the initial lane (its FIFO may also hold stale entries).
        private var initialCount = 0
        /// Live hand-outs since the last initial one (or since the initial lane was found empty);
        /// never more than `liveBurst`.
        private var liveRun = 0

        /// - Parameter liveBurst: the most live keys handed out in a row while an initial key
        ///   waits (at least 1).
        init(liveBurst: Int) {
            self.liveBurst = max(1, liveBurst)
        }

        /// The number of keys queued.
        var count: Int { queued.count }

        /// Queues `key` in `lane` unless it is queued already; a key queued in the initial lane
        /// and added live is promoted. Returns whether a key became ready or moved.
        mutating func insert(_ key: Key, lane: Lane) -> Bool {
            switch (queued[key]?.lane, lane) {
            case (.live, _), (.initial, .initial):
                return false
            case (.initial, .live):
                initialCount -= 1
            case (nil, .live):
                break
            case (nil, .initial):
                initialCount += 1
            }
            let ticket = Ticket(key: key, number: nextNumber)
            nextNumber &+= 1
            queued[key] = (lane, ticket.number)
            switch lane {
            case .live: live.push(ticket)
            case .initial: initial.push(ticket)
            }
            return true
        }

        /// The next key by the lane policy, removed from the lanes; `nil` when none is queued.
        mutating func popNext() -> Key? {
            guard initialCount > 0 else {
                liveRun = 0
                return pop(.live)
            }
            if liveRun < liveBurst, let key = pop(.live) {
                liveRun += 1
                return key
            }
            liveRun = 0
            if let key = pop(.initial) {
                initialCount -= 1
                return key
            }
            initialCount = 0  // unreachable while the count is kept right
            return pop(.live)
        }

        /// Pops the first key of `lane` whose current ticket it holds, skipping stale entries.
        private mutating func pop(_ lane: Lane) -> Key? {
            while let ticket = popEntry(lane) {
                if queued[ticket.key]?.number == ticket.number {
                    queued[ticket.key] = nil
                    return ticket.key
                }
            }
            return nil
        }

        private mutating func popEntry(_ lane: Lane) -> Ticket? {
            switch lane {
            case .live: live.pop()
            case .initial: initial.pop()
            }
        }
    }
}

/// An array-backed first-in first-out queue with amortised O(1) pop.
struct FIFO<Element: Sendable>: Sendable {
    private var storage: [Element] = []
    private var head = 0

    var isEmpty: Bool { head == storage.count }

    mutating func push(_ element: Element) {
        storage.append(element)
    }

    mutating func pop() -> Element? {
        guard head < storage.count else { return nil }
        let element = storage[head]
        head += 1
        if head > 1024 && head * 2 > storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return element
    }
}
