package io.segments.campaigns;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A page of a campaign's delivery records in ascending user id order, and the cursor of the next
 * page (empty when this page is the last).
 */
public record DeliveryPage(List<Delivery> deliveries, Optional<String> next) {
    public DeliveryPage {
        deliveries = List.copyOf(requireNonNull(deliveries, "deliveries is null"));
        requireNonNull(next, "next is null");
    }
}
