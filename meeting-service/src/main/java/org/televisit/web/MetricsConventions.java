package org.televisit.web;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the whole exposition pass {@code promtool check metrics}: every family gets a help text
 * (libraries leave some without), times are in seconds and counts are not named like a
 * histogram's. Also turns on Reactor
 * Netty's server meters for the API port, with every URI under one tag value: paths hold
 * appointment ids, and per-route figures are in {@code http_server_requests}, tagged by template.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConventions {

    /** Names Prometheus's rules refuse (a count that is not a histogram's), and what they become. */
    private static final Map<String, String> RENAMED = Map.of("system.cpu.count", "system.cpus.available");
    /** Times the JVM binders record in ms or ns: replaced by the same figures in seconds, below. */
    private static final Set<String> IN_SMALL_UNITS = Set.of("jvm.compilation.time", "process.cpu.time");

    @Bean
    NettyServerCustomizer nettyServerMetrics() {
        return server -> server.metrics(true, uri -> "/*");
    }

    @Bean
    MeterFilter helpTextsAndPrometheusNames() {
        return new MeterFilter() {
            @Override
            public MeterFilterReply accept(Meter.Id id) {
                return IN_SMALL_UNITS.contains(id.getName()) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
            }

            @Override
            public Meter.Id map(Meter.Id id) {
                String name = RENAMED.getOrDefault(id.getName(), id.getName());
                boolean described = id.getDescription() != null && !id.getDescription().isBlank();
                if (described && name.equals(id.getName())) {
                    return id;
                }
                return new Meter.Id(name, Tags.of(id.getTagsAsIterable()), id.getBaseUnit(),
                        described ? id.getDescription() : "Recorded by its library as " + id.getName(), id.getType());
            }
        };
    }

    /** JIT compilation and process CPU time, in seconds as Prometheus expects (the JVM binders give ms and ns). */
    @Bean
    MeterBinder processTimesInSeconds() {
        return registry -> {
            CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
            if (compilation != null && compilation.isCompilationTimeMonitoringSupported()) {
                FunctionCounter.builder("jvm.compilation", compilation, bean -> bean.getTotalCompilationTime() / 1000.0)
                        .baseUnit("seconds").description("Time the JIT compiler has spent compiling").register(registry);
            }
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                FunctionCounter.builder("process.cpu", os, bean -> bean.getProcessCpuTime() / 1e9)
                        .baseUnit("seconds").description("CPU time used by this process").register(registry);
            }
        };
    }
}
