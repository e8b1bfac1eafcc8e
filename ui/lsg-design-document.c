/* lsg-design-document.c: the design point a window edits (see
 * lsg-design-document.h).
 *
 * The document keeps the point as edited and as it was last opened or
 * saved ("clean"); "modified" is whether the two differ, so undoing an
 * edit by hand makes the document clean again. */
#include "lsg-config.h"

#include "lsg-dataset.h"
#include "lsg-design-document.h"
#include "lsg-design-file.h"

struct _LsgDesignDocument {
  GObject    parent_instance;

  LsgParams *params;
  LsgParams *clean;     /* as last opened, saved or chosen */
  char      *path;
  char      *source;
  char      *title;
  gboolean   modified;
};

enum {
  PROP_0,
  PROP_MODIFIED,
  PROP_PATH,
  PROP_SOURCE,
  PROP_TITLE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LsgDesignDocument, lsg_design_document, G_TYPE_OBJECT)

/* After any change: the modified flag and the title, notified only when
 * they differ. */
static void
update_state (LsgDesignDocument *self)
{
  gboolean modified = self->clean == NULL || !lsg_params_equal (self->params, self->clean);
  g_autofree char *title = g_strdup_printf ("%s%s", self->source != NULL ? self->source : "",
                                            modified ? " \xe2\x80\xa2 modified" : "");

  if (modified != self->modified)
    {
      self->modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
  if (g_strcmp0 (title, self->title) != 0)
    {
      g_free (self->title);
      self->title = g_steal_pointer (&title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
}

static void
set_path (LsgDesignDocument *self,
          char              *path)
{
  if (g_strcmp0 (path, self->path) == 0)
    {
      g_free (path);
      return;
    }
  g_free (self->path);
  self->path = path;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
}

static void
set_source (LsgDesignDocument *self,
            char              *source)
{
  if (g_strcmp0 (source, self->source) == 0)
    {
      g_free (source);
      return;
    }
  g_free (self->source);
  self->source = source;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

/* Takes params. */
static void
replace_params (LsgDesignDocument *self,
                LsgParams         *params)
{
  lsg_params_free (self->params);
  self->params = params;
  g_signal_emit (self, signals[CHANGED], 0);
}

const LsgParams *
lsg_design_document_get_params (LsgDesignDocument *self)
{
  g_return_val_if_fail (LSG_IS_DESIGN_DOCUMENT (self), NULL);

  return self->params;
}

void
lsg_design_document_set_params (LsgDesignDocument *self,
                                const LsgParams   *params)
{
  g_return_if_fail (LSG_IS_DESIGN_DOCUMENT (self));
  g_return_if_fail (params != NULL);

  replace_params (self, lsg_params_copy (params));
  update_state (self);
}

void
lsg_design_document_reset (LsgDesignDocument *self,
                           const LsgParams   *params,
                           const char        *source)
{
  g_return_if_fail (LSG_IS_DESIGN_DOCUMENT (self));
  g_return_if_fail (params != NULL && source != NULL);

  lsg_params_free (self->clean);
  self->clean = lsg_params_copy (params);
  set_source (self, g_strdup (source));
  set_path (self, NULL);
  replace_params (self, lsg_params_copy (params));
  update_state (self);
}

gboolean
lsg_design_document_load (LsgDesignDocument  *self,
                          const char         *path,
                          GError            **error)
{
  g_autoptr(LsgParams) params = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (LSG_IS_DESIGN_DOCUMENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  params = lsg_params_load_file (path, error);
  if (params == NULL)
    return FALSE;
  name = g_path_get_basename (path);
  lsg_design_document_reset (self, params, name);
  set_path (self, g_canonicalize_filename (path, NULL));
  return TRUE;
}

/* Reading the file off the UI thread: a slow disk or a large file never
 * stalls the window. */
static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  LsgParams *params = lsg_params_load_file (data, &error);

  if (params == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, params, (GDestroyNotify) lsg_params_free);
}

void
lsg_design_document_load_async (LsgDesignDocument   *self,
                                const char          *path,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LSG_IS_DESIGN_DOCUMENT (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lsg_design_document_load_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, load_thread);
}

gboolean
lsg_design_document_load_finish (LsgDesignDocument  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_autoptr(LsgParams) params = NULL;
  g_autofree char *name = NULL;
  const char *path;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  params = g_task_propagate_pointer (G_TASK (result), error);
  if (params == NULL)
    return FALSE;
  path = g_task_get_task_data (G_TASK (result));
  name = g_path_get_basename (path);
  lsg_design_document_reset (self, params, name);
  set_path (self, g_canonicalize_filename (path, NULL));
  return TRUE;
}

gboolean
lsg_design_document_save (LsgDesignDocument  *self,
                          const char         *path,
                          GError            **error)
{
  g_autoptr(LsgParams) saved = NULL;
  g_autoptr(LsgParams) next = NULL;
  g_autofree char *absolute = NULL;

  g_return_val_if_fail (LSG_IS_DESIGN_DOCUMENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  saved = lsg_params_copy (self->params);
  absolute = g_canonicalize_filename (path, NULL);
  /* the data file stays found wherever the design point goes */
  if (saved->dataset_kind == LSG_DATASET_CSV && saved->csv != NULL && saved->csv[0] != '\0')
    {
      char *csv = lsg_params_resolve_csv (saved);
      g_free (saved->csv);
      saved->csv = csv;
    }
  /* a temporary file renamed over the target: a failure keeps the old file */
  if (!lsg_params_save_file (saved, absolute, error))
    return FALSE;

  /* the point now reads its data file as the saved file does */
  next = lsg_params_copy (self->params);
  g_free (next->csv);
  next->csv = g_strdup (saved->csv);
  g_free (next->base_dir);
  next->base_dir = g_path_get_dirname (absolute);
  set_source (self, g_path_get_basename (absolute));
  set_path (self, g_steal_pointer (&absolute));
  lsg_params_free (self->clean);
  self->clean = lsg_params_copy (next);
  replace_params (self, g_steal_pointer (&next));
  update_state (self);
  return TRUE;
}

gboolean
lsg_design_document_get_modified (LsgDesignDocument *self)
{
  g_return_val_if_fail (LSG_IS_DESIGN_DOCUMENT (self), FALSE);

  return self->modified;
}

const char *
lsg_design_document_get_path (LsgDesignDocument *self)
{
  g_return_val_if_fail (LSG_IS_DESIGN_DOCUMENT (self), NULL);

  return self->path;
}

const char *
lsg_design_document_get_source (LsgDesignDocument *self)
{
  g_return_val_if_fail (LSG_IS_DESIGN_DOCUMENT (self), NULL);

  return self->source;
}

const char *
lsg_design_document_get_title (LsgDesignDocument *self)
{
  g_return_val_if_fail (LSG_IS_DESIGN_DOCUMENT (self), NULL);

  return self->title;
}

static void
lsg_design_document_finalize (GObject *object)
{
  LsgDesignDocument *self = LSG_DESIGN_DOCUMENT (object);

  lsg_params_free (self->params);
  lsg_params_free (self->clean);
  g_free (self->path);
  g_free (self->source);
  g_free (self->title);
  G_OBJECT_CLASS (lsg_design_document_parent_class)->finalize (object);
}

static void
lsg_design_document_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LsgDesignDocument *self = LSG_DESIGN_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lsg_design_document_class_init (LsgDesignDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lsg_design_document_finalize;
  object_class->get_property = lsg_design_document_get_property;

  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* the point was replaced: lsg_design_document_get_params has a new one */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
lsg_design_document_init (LsgDesignDocument *self)
{
  self->params = lsg_params_new_default ();
  self->clean = lsg_params_copy (self->params);
  self->source = g_strdup ("paper preset");
  update_state (self);
}

LsgDesignDocument *
lsg_design_document_new (void)
{
  return g_object_new (LSG_TYPE_DESIGN_DOCUMENT, NULL);
}
