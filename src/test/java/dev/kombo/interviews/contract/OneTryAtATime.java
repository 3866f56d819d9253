package dev.kombo.interviews.contract;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

/**
 * For properties whose tries share something that runs (a bundle, a broker, a node process): tries run one at a
 * time, and none once its property has ended. jqwik bounds shrinking by time, and when the time is up it reports
 * the smallest sample found while the shrinking goes on in the background; those tries would otherwise run into
 * the next property's (seen: two sync runs at once, files deleted under an upload).
 */
public final class OneTryAtATime implements AroundPropertyHook, AroundTryHook {

    private static final ReentrantLock TRIES = new ReentrantLock();
    private static final Set<Method> ENDED = ConcurrentHashMap.newKeySet();

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        try {
            return property.execute();
        } finally {
            ENDED.add(context.targetMethod());
        }
    }

    @Override
    public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters) {
        TRIES.lock();
        try {
            if (ENDED.contains(context.targetMethod())) {
                // the verdict is out: this is a shrinking step left over, and it changes nothing
                return TryExecutionResult.satisfied();
            }
            return aTry.execute(parameters);
        } finally {
            TRIES.unlock();
        }
    }
}
