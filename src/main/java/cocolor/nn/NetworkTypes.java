package cocolor.nn;

import ai.djl.nn.Block;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The registry of network types: the {@code type} a recipe or model file names, the spec class
 * its settings are read into and how a network is built from that spec. A new type joins with one
 * {@link #register} call, here for the shipped ones; recipes, model files, {@link Networks},
 * folding and prediction then know it (docs/design.md, "Adding a network").
 */
public final class NetworkTypes {
    /** One network type. */
    public record Type<S extends NetworkSpec>(String name, Class<S> spec, Function<S, Block> build) {}

    private static final Map<String, Type<?>> TYPES = new LinkedHashMap<>();

    static {
        register("unet", UNetConfig.class, UNet::new);
        register("patchgan", PatchGanConfig.class, PatchGan::build);
    }

    private NetworkTypes() {}

    /**
     * Registers a type: {@code spec} is read from the settings of a network of this type (a record
     * with Jackson's {@code @JsonProperty}), {@code build} makes its block, uninitialized.
     */
    public static synchronized <S extends NetworkSpec> void register(String name, Class<S> spec, Function<S, Block> build) {
        Type<?> known = TYPES.get(name);
        if (known != null && !known.spec().equals(spec)) {
            throw new IllegalArgumentException("network type '" + name + "' is already registered for " + known.spec().getName());
        }
        for (Type<?> t : TYPES.values()) {
            if (t.spec().equals(spec) && !t.name().equals(name)) {
                throw new IllegalArgumentException(spec.getName() + " is already registered as network type '" + t.name() + "'");
            }
        }
        TYPES.put(name, new Type<>(name, spec, build));
    }

    /** The type names, in the order they were registered. */
    public static synchronized List<String> names() {
        return new ArrayList<>(TYPES.keySet());
    }

    /** A new, uninitialized network of {@code spec}. */
    public static Block build(NetworkSpec spec) {
        return buildAs(typeOf(spec.getClass()), spec);
    }

    @SuppressWarnings("unchecked")
    private static <S extends NetworkSpec> Block buildAs(Type<S> type, NetworkSpec spec) {
        return type.build().apply((S) spec);
    }

    private static synchronized Type<?> typeOf(Class<?> spec) {
        for (Type<?> t : TYPES.values()) {
            if (t.spec().equals(spec)) {
                return t;
            }
        }
        throw new IllegalArgumentException(spec.getName() + " is not a registered network type; see NetworkTypes.register");
    }

    private static synchronized Type<?> named(String name) {
        return TYPES.get(name);
    }

    /** How Jackson reads and writes {@code type: NAME} of a {@link NetworkSpec}: from this registry. */
    public static final class IdResolver extends TypeIdResolverBase {
        private JavaType base;

        @Override
        public void init(JavaType baseType) {
            base = baseType;
        }

        @Override
        public String idFromValue(Object value) {
            return typeOf(value.getClass()).name();
        }

        @Override
        public String idFromValueAndType(Object value, Class<?> suggestedType) {
            return typeOf(value != null ? value.getClass() : suggestedType).name();
        }

        @Override
        public JavaType typeFromId(DatabindContext context, String id) {
            Type<?> t = named(id);
            return t == null ? null : context.constructSpecializedType(base, t.spec());
        }

        @Override
        public String getDescForKnownTypeIds() {
            return String.join(", ", names());
        }

        @Override
        public JsonTypeInfo.Id getMechanism() {
            return JsonTypeInfo.Id.CUSTOM;
        }
    }
}
