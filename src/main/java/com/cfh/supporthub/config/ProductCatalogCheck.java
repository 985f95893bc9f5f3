package com.cfh.supporthub.config;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/** Refuses to start with a product configuration that would mint clashing or unreadable ticket keys. */
@Component
public class ProductCatalogCheck implements InitializingBean {

    private final HubProperties properties;

    public ProductCatalogCheck(HubProperties properties) {
        this.properties = properties;
    }

    @Override
    public void afterPropertiesSet() {
        if (properties.getProducts().isEmpty()) {
            throw new IllegalStateException("hub.products is empty: configure at least one product.");
        }
        Set<String> prefixes = new HashSet<>();
        for (Map.Entry<String, HubProperties.Product> e : properties.getProducts().entrySet()) {
            String id = e.getKey();
            HubProperties.Product p = e.getValue();
            if (!id.matches("[a-z][a-z0-9-]{0,31}")) {
                throw new IllegalStateException("hub.products." + id + ": a product id is lower case, up to 32 characters.");
            }
            if (p.getKeyPrefix() == null || !p.getKeyPrefix().matches("[A-Z][A-Z0-9]{1,9}")) {
                throw new IllegalStateException("hub.products." + id + ".key-prefix must be 2 to 10 capitals or digits, e.g. DOC.");
            }
            if (!prefixes.add(p.getKeyPrefix())) {
                throw new IllegalStateException("hub.products." + id + ".key-prefix " + p.getKeyPrefix() + " is used twice.");
            }
            if (p.getSupportAddress() == null || p.getSupportAddress().isBlank()) {
                throw new IllegalStateException("hub.products." + id + ".support-address is required.");
            }
        }
    }
}
