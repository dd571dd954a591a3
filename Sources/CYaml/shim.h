#ifndef CYAML_SHIM_H
#define CYAML_SHIM_H
// libyaml, for kubeconfig files. Typed wrappers so Swift never has to reach into the event union
// or size the parser struct itself.
#include <yaml.h>
#include <stdlib.h>
#include <string.h>

/// A heap-allocated parser reading `length` bytes at `input`. The bytes must outlive the parser.
/// Returns NULL when memory is exhausted. Free with `cyaml_parser_destroy`.
static inline yaml_parser_t *cyaml_parser_create(const unsigned char *input, size_t length) {
    yaml_parser_t *parser = (yaml_parser_t *)malloc(sizeof(yaml_parser_t));
    if (parser == NULL) return NULL;
    if (!yaml_parser_initialize(parser)) {
        free(parser);
        return NULL;
    }
    yaml_parser_set_input_string(parser, input, length);
    return parser;
}

static inline void cyaml_parser_destroy(yaml_parser_t *parser) {
    yaml_parser_delete(parser);
    free(parser);
}

/// 1 when an event was produced into `event` (free it with `cyaml_event_destroy`), 0 on error.
static inline int cyaml_parser_next(yaml_parser_t *parser, yaml_event_t *event) {
    return yaml_parser_parse(parser, event);
}

static inline const char *cyaml_parser_problem(const yaml_parser_t *parser) { return parser->problem; }
static inline const char *cyaml_parser_context(const yaml_parser_t *parser) { return parser->context; }
/// Zero-based line and column of the problem.
static inline size_t cyaml_parser_problem_line(const yaml_parser_t *parser) { return parser->problem_mark.line; }
static inline size_t cyaml_parser_problem_column(const yaml_parser_t *parser) { return parser->problem_mark.column; }

static inline yaml_event_t *cyaml_event_create(void) {
    return (yaml_event_t *)calloc(1, sizeof(yaml_event_t));
}

static inline void cyaml_event_destroy(yaml_event_t *event) {
    yaml_event_delete(event);
    free(event);
}

/// Releases the event's contents so the same storage can take the next event.
static inline void cyaml_event_clear(yaml_event_t *event) {
    yaml_event_delete(event);
    memset(event, 0, sizeof(yaml_event_t));
}

static inline yaml_event_type_t cyaml_event_type(const yaml_event_t *event) { return event->type; }
/// Zero-based line and column where the event starts.
static inline size_t cyaml_event_line(const yaml_event_t *event) { return event->start_mark.line; }
static inline size_t cyaml_event_column(const yaml_event_t *event) { return event->start_mark.column; }

static inline const char *cyaml_event_scalar_value(const yaml_event_t *event) { return (const char *)event->data.scalar.value; }
static inline size_t cyaml_event_scalar_length(const yaml_event_t *event) { return event->data.scalar.length; }
static inline int cyaml_event_scalar_is_plain(const yaml_event_t *event) { return event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE; }
static inline const char *cyaml_event_scalar_tag(const yaml_event_t *event) { return (const char *)event->data.scalar.tag; }

/// The anchor (`&name`) of a scalar, sequence or mapping, or the target of an alias; NULL if none.
static inline const char *cyaml_event_anchor(const yaml_event_t *event) {
    switch (event->type) {
    case YAML_SCALAR_EVENT: return (const char *)event->data.scalar.anchor;
    case YAML_SEQUENCE_START_EVENT: return (const char *)event->data.sequence_start.anchor;
    case YAML_MAPPING_START_EVENT: return (const char *)event->data.mapping_start.anchor;
    case YAML_ALIAS_EVENT: return (const char *)event->data.alias.anchor;
    default: return NULL;
    }
}

#endif
