package com.cfh.supporthub.ops;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.springboot.CamelRequestHandlerMapping;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Starts {@link LiveRoutes} once Camel has started, when {@code hub.routes-reload.enabled} (on by default in the
 * embedded setup, off in the {@code postgres} profile: docs/operations.md), and reports it as the health component
 * {@code routesReload}.
 */
@Configuration(proxyBeanMethods = false)
public class LiveRoutesConfig {

    /** Holds the watcher, created only when enabled; not a Camel service bean itself, so Camel adds it once. */
    public static final class LiveRoutesHolder {
        private final LiveRoutes liveRoutes;

        LiveRoutesHolder(LiveRoutes liveRoutes) {
            this.liveRoutes = liveRoutes;
        }

        /** The watcher, or null when live routes are off. */
        public LiveRoutes get() {
            return liveRoutes;
        }
    }

    @Bean
    LiveRoutesHolder liveRoutesHolder(@Value("${hub.routes-reload.enabled:false}") boolean enabled,
                                      @Value("${hub.routes-dir}") String folder, MeterRegistry meters, Clock clock,
                                      ObjectProvider<CamelRequestHandlerMapping> mappings) {
        if (!enabled) {
            return new LiveRoutesHolder(null);
        }
        LiveRoutes live = new LiveRoutes(folder, meters, clock);
        live.setAfterChange(() -> mappings.ifAvailable(LiveRoutesConfig::dropStaleMappings));
        return new LiveRoutesHolder(live);
    }

    /**
     * Camel's platform-http on Spring MVC registers a mapping per REST path when its consumer starts but never removes
     * it ({@code CamelRequestHandlerMapping.unregisterHttpEndpoint} is empty in 4.17): a removed REST path would
     * answer 500 from its dead consumer instead of 404. Mappings whose consumer is stopped are dropped here; a
     * consumer that starts again registers its mapping again.
     */
    static void dropStaleMappings(CamelRequestHandlerMapping mapping) {
        mapping.getHandlerMethods().forEach((info, handler) -> {
            if (handler.getBean() instanceof ServiceSupport consumer
                    && (consumer.isStoppingOrStopped() || consumer.isShutdown())) {
                mapping.unregisterMapping(info);
            }
        });
    }

    @Bean
    CamelContextConfiguration liveRoutesStart(LiveRoutesHolder holder) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                if (holder.get() != null) {
                    try {
                        camelContext.addService(holder.get(), true, true);
                    } catch (Exception e) {
                        throw new IllegalStateException("Live routes could not start: " + e.getMessage(), e);
                    }
                }
            }
        };
    }

    /** {@code /actuator/health} component {@code routesReload}: route files whose latest version failed to load. */
    @Bean
    HealthIndicator routesReloadHealthIndicator(LiveRoutesHolder holder) {
        return () -> {
            LiveRoutes live = holder.get();
            if (live == null) {
                return Health.up().withDetail("enabled", false).build();
            }
            Map<String, Object> failing = new LinkedHashMap<>();
            live.failing().forEach((file, failure) -> failing.put(file,
                    Map.of("error", failure.error(), "at", failure.at().toString())));
            // the previous versions of failing files keep running: the hub is UP, the detail says what to fix
            return Health.up()
                    .withDetail("enabled", true)
                    .withDetail("folder", live.folder().toString())
                    .withDetail("reloads", live.reloadCount())
                    .withDetail("failures", live.failureCount())
                    .withDetail("failingFiles", failing)
                    .build();
        };
    }
}
