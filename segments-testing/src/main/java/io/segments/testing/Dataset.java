package io.segments.testing;

import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** Users and their events, keyed by external user id, as the shared test suites build them. */
public record Dataset(List<Profile> profiles, Map<String, List<Event>> events) {
    public Dataset {
        profiles = List.copyOf(requireNonNull(profiles, "profiles is null"));
        events = Map.copyOf(requireNonNull(events, "events is null"));
    }
}
