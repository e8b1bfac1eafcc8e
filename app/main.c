/* logsgd-explorer: the design-space explorer. */
#include "lsg-config.h"

#include <locale.h>

#include <gsl/gsl_errno.h>

#include "lsg-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(LsgApplication) app = NULL;

  setlocale (LC_ALL, "");
  gsl_set_error_handler_off ();

  app = lsg_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
