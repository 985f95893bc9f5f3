package com.cfh.supporthub.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code GET /actuator/hubroutes} (ADMIN): every route with its source file, state, uptime and statistics
 * (exchanges, failed, failures handled, inflight, mean and max processing time), the statistics read from Camel's
 * route metrics (camel-micrometer's route policy), so no JMX is needed. {@code GET /actuator/hubroutes/<id>}: one
 * route. Stop and start are {@code POST /actuator/camelroutes/<id>/stop|start} (docs/operations.md).
 */
@Component
@Endpoint(id = "hubroutes")
public class RouteOverview {

    private final CamelContext camel;
    private final MeterRegistry meters;

    public RouteOverview(CamelContext camel, MeterRegistry meters) {
        this.camel = camel;
        this.meters = meters;
    }

    @ReadOperation
    public Map<String, Object> routes() {
        List<Map<String, Object>> routes = new ArrayList<>();
        camel.getRoutes().stream().sorted((a, b) -> a.getRouteId().compareTo(b.getRouteId()))
                .forEach(r -> routes.add(describe(r)));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("routes", routes);
        answer.put("inflight", camel.getInflightRepository().size());
        return answer;
    }

    @ReadOperation
    public Map<String, Object> route(@Selector String id) {
        Route route = camel.getRoute(id);
        return route == null ? null : describe(route);
    }

    private Map<String, Object> describe(Route route) {
        String id = route.getRouteId();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("routeId", id);
        r.put("from", org.apache.camel.util.URISupport.sanitizeUri(route.getEndpoint().getEndpointBaseUri()));
        r.put("source", route.getSourceLocationShort());
        ServiceStatus status = camel.getRouteController().getRouteStatus(id);
        r.put("state", status == null ? null : status.name());
        r.put("uptimeMillis", route.getUptimeMillis());
        Map<String, Object> statistics = new LinkedHashMap<>();
        statistics.put("exchangesTotal", count("camel.exchanges.total", id));
        statistics.put("exchangesFailed", count("camel.exchanges.failed", id));
        statistics.put("failuresHandled", count("camel.exchanges.failures.handled", id));
        statistics.put("exchangesInflight", camel.getInflightRepository().size(id));
        Timer timer = meters.find("camel.route.policy").tag("routeId", id).timer();
        if (timer != null && timer.count() > 0) {
            statistics.put("meanMillis", timer.mean(TimeUnit.MILLISECONDS));
            statistics.put("maxMillis", timer.max(TimeUnit.MILLISECONDS));
        }
        r.put("statistics", statistics);
        return r;
    }

    private long count(String name, String routeId) {
        Counter counter = meters.find(name).tag("routeId", routeId).counter();
        if (counter != null) {
            return (long) counter.count();
        }
        Gauge gauge = meters.find(name).tag("routeId", routeId).gauge();
        return gauge == null ? 0 : (long) gauge.value();
    }
}
